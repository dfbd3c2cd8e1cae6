/* verify.c: stub */
#include "mappa/review.h"
enum mappa_review_status mappa_verify(const struct mappa_verify_options *o) { (void)o; return MAPPA_REVIEW_SOFTWARE; }
