/* batch.c: stub */
#include "mappa/review.h"
enum mappa_review_status mappa_batch(struct mappa_batch_options *o) { (void)o; return MAPPA_REVIEW_SOFTWARE; }
