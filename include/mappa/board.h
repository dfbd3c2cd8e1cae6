/* board.h: the board's own file (its words, people, logos, signatures) and building a report with it; for the report stage, main.c and tests. */
#ifndef MAPPA_BOARD_H
#define MAPPA_BOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "mappa/diag.h"
#include "mappa/layout.h"
#include "mappa/template.h"

/*
 * A board file (templates/REFERENCE.md, "The board file") fills the
 * slots an era template declares: foreword, achievements, priorities,
 * membership, lay adviser, case studies, victims, contacts, the
 * publication date and the cover's logos.  It is checked against the
 * embedded schema board.xsd and by the template's own rules, and every
 * image it names is read (relative to the board file), hashed and
 * checked (mappa_image_probe) when it is parsed: all of that before any
 * output is opened, reported as BOARD:LINE: error: ...
 */
struct mappa_board;	/* opaque handle */

/*
 * Parse a board file.  Returns the board (the caller frees it with
 * mappa_board_free()), or NULL: with diag->errors > 0 for a faulty file
 * or image, else because the board file itself could not be read (errno
 * set).
 */
struct mappa_board	*mappa_board_parse_file(const char *path,
			    struct mappa_diag *);
/* From memory; images are found relative to dir (NULL: ".").  Tests. */
struct mappa_board	*mappa_board_parse_mem(const char *buf, size_t len,
			    const char *dir, struct mappa_diag *);
void			 mappa_board_free(struct mappa_board *);

/*
 * Whether the board file has words for an edition in this language (BCP
 * 47, matched by its first subtag): a slot in it (its lang=, else the
 * board's <board lang>, else British English), or an <edition> of it.
 * A board with Welsh words makes a Welsh edition too (batch).
 */
bool			 mappa_board_has_lang(const struct mappa_board *,
			    const char *bcp47);

/* SHA-256 of the board file's bytes (MAPPA_SHA256_LEN); owned. */
const unsigned char	*mappa_board_sha256(const struct mappa_board *);
/* The images it names, each once: how many, and each one's name and hash. */
size_t			 mappa_board_images(const struct mappa_board *);
const char		*mappa_board_image_name(const struct mappa_board *,
			    size_t);
const unsigned char	*mappa_board_image_sha256(const struct mappa_board *,
			    size_t);

/* The embedded schema: NUL-terminated XSD text. */
extern const char mappa_board_xsd[];
extern const size_t mappa_board_xsd_len;
/* Free the parsed schema (before libxml2's own cleanup). */
void	mappa_board_cleanup(void);

/*
 * "NAME.board.xml" beside a snapshot "NAME.xml" (any path without .xml:
 * PATH.board.xml), if that file exists; NULL otherwise and for "-".  The
 * caller frees the result.
 */
char	*mappa_board_beside(const char *snapshot);

struct mappa_build_options {
	const struct mappa_board *board;	/* or NULL: placeholders */
	struct mappa_diag	*board_diag;	/* the board file's messages */
	bool			 final;		/* placeholders are errors */
	/*
	 * The years of a comparison, in order, each with the year before
	 * it as its previous (the first without), for <years> and
	 * <figures>; NULL in a report, where <years> runs once, over the
	 * report's own year.  Not owned; the build sets years.from,
	 * years.to and years.partial in each as its loops go.
	 */
	struct mappa_values *const *years;
	size_t			 nyears;
};

/*
 * As mappa_template_build(), with the board's words in the template's
 * slots.  A slot the board leaves unfilled keeps the template's
 * placeholder: a warning "slot 'NAME' still holds the template's
 * placeholder" (an error when o->final) and "Draft" in every running
 * header.  A part of the board file the template has no slot for is a
 * warning.  Returns the document, or NULL after diagnostics.
 */
struct mappa_doc	*mappa_template_build_with(const struct mappa_template *,
			    const struct mappa_values *, struct mappa_diag *,
			    const struct mappa_build_options *);

#endif
