/* msg.h: the words the program itself writes into a report, one table per language; for every stage that writes report content. */
#ifndef MAPPA_MSG_H
#define MAPPA_MSG_H

#include <stddef.h>
#include <stdio.h>

/*
 * Every word the program writes into a report (PDF, HTML, ODS) rather
 * than copying from the template, the board file or the snapshot: a
 * caption it makes up, a sheet's name, a month, a chart's description.
 * Diagnostics (standard error) are not here: they stay English.
 *
 * A message whose comment shows conversions (%s, %zu, %d) is a printf
 * format; both languages have the same conversions in the same order
 * (test_msg checks), so that a caller passes the same arguments whatever
 * the language.  Messages with no conversion are plain text: never pass
 * them as a format.  A leading or trailing space is part of a message.
 * The English table is exactly what the program wrote before it had
 * tables: English reports are unchanged, byte for byte.
 */
enum mappa_msg_id {
	/* months, in order: MAPPA_MSG_JANUARY + m - 1 */
	MAPPA_MSG_JANUARY, MAPPA_MSG_FEBRUARY, MAPPA_MSG_MARCH,
	MAPPA_MSG_APRIL, MAPPA_MSG_MAY, MAPPA_MSG_JUNE, MAPPA_MSG_JULY,
	MAPPA_MSG_AUGUST, MAPPA_MSG_SEPTEMBER, MAPPA_MSG_OCTOBER,
	MAPPA_MSG_NOVEMBER, MAPPA_MSG_DECEMBER,
	MAPPA_MSG_DATE,		/* "%d %s %d": day, month, year */
	MAPPA_MSG_PERIOD,	/* "%s to %s": first day, last day */
	/* numbers in words, {x|words}: MAPPA_MSG_ZERO + n, n <= 20 */
	MAPPA_MSG_ZERO, MAPPA_MSG_ONE, MAPPA_MSG_TWO, MAPPA_MSG_THREE,
	MAPPA_MSG_FOUR, MAPPA_MSG_FIVE, MAPPA_MSG_SIX, MAPPA_MSG_SEVEN,
	MAPPA_MSG_EIGHT, MAPPA_MSG_NINE, MAPPA_MSG_TEN, MAPPA_MSG_ELEVEN,
	MAPPA_MSG_TWELVE, MAPPA_MSG_THIRTEEN, MAPPA_MSG_FOURTEEN,
	MAPPA_MSG_FIFTEEN, MAPPA_MSG_SIXTEEN, MAPPA_MSG_SEVENTEEN,
	MAPPA_MSG_EIGHTEEN, MAPPA_MSG_NINETEEN, MAPPA_MSG_TWENTY,
	/* a year's figure against the last, {x|trend} and {x|change} */
	MAPPA_MSG_TREND_SAME,	/* "was unchanged" */
	MAPPA_MSG_TREND_ROSE,	/* "rose by %s": the difference */
	MAPPA_MSG_TREND_FELL,	/* "fell by %s" */
	MAPPA_MSG_TREND_ROSE_PCT, /* "rose by %s (%s)": difference, percent */
	MAPPA_MSG_TREND_FELL_PCT, /* "fell by %s (%s)" */
	MAPPA_MSG_TREND_NONE,	/* "cannot be compared with the year before" */
	MAPPA_MSG_NO_CHANGE,	/* "no change" */
	MAPPA_MSG_NA_SHORT,	/* "n/a" */
	MAPPA_MSG_ALL_AGES,	/* {population_basis}: MAPPA_POPULATION_BASIS */
	/* the template's defaults */
	MAPPA_MSG_CONTENTS,	/* the contents' title */
	MAPPA_MSG_NAME, MAPPA_MSG_ROLE, MAPPA_MSG_AGENCY, /* membership */
	MAPPA_MSG_CHANGE,	/* a comparison's last column */
	MAPPA_MSG_SIGNATURE_OF,	/* "Signature of %s": a name */
	MAPPA_MSG_PUBLISHED,	/* "Published %s": a date */
	MAPPA_MSG_DRAFT,	/* the mark of an unfinished report */
	/* the cover of one edition of a bilingual board's report */
	MAPPA_MSG_ALSO_WELSH,	/* "This document is also available in Welsh." */
	MAPPA_MSG_ALSO_WELSH_AT, /* "... in Welsh: %s": where */
	MAPPA_MSG_ALSO_ENGLISH,	/* "... also available in English." */
	MAPPA_MSG_ALSO_ENGLISH_AT, /* "... in English: %s": where */
	/* the colophon */
	MAPPA_MSG_PRODUCED,	/* "Produced by mappa-report %s from:" */
	MAPPA_MSG_PRODUCED_ON,	/* "... %s on %s from:": version, date */
	MAPPA_MSG_SNAPSHOT_SHA,	/* "snapshot SHA-256 %s" */
	MAPPA_MSG_PREVIOUS_SHA,	/* "previous year's snapshot SHA-256 %s" */
	MAPPA_MSG_TEMPLATE_SHA,	/* "template SHA-256 %s" */
	MAPPA_MSG_BOARD_SHA,	/* "board file SHA-256 %s" */
	MAPPA_MSG_IMAGE_SHA,	/* "image %.120s SHA-256 %s": file, hash */
	/* layout (PDF) */
	MAPPA_MSG_CONTINUED,	/* " (continued)", after a repeated caption */
	MAPPA_MSG_LINK_PAGE,	/* "%s, page %d": a contents entry's link */
	MAPPA_MSG_BAR_CHART, MAPPA_MSG_LINE_CHART,
	MAPPA_MSG_CHART_OF,	/* " of ", before the y axis' title */
	MAPPA_MSG_CHART_BY,	/* " by ", before the x axis' title */
	MAPPA_MSG_NOT_APPLICABLE, /* a figure a chart has not */
	/* the HTML edition */
	MAPPA_MSG_TABLE_N,	/* "Table %zu": a table with no caption
				 * and no heading before it (HTML) */
	MAPPA_MSG_CHART,	/* a chart with no caption */
	MAPPA_MSG_VALUE,	/* a column with no heading */
	MAPPA_MSG_REPORT,	/* a report with no title */
	MAPPA_MSG_CHART_FIGURES, /* the caption of a chart's table */
	MAPPA_MSG_SKIP,		/* the link past the cover */
	/* the ODS edition */
	MAPPA_MSG_TABLE,	/* "Table", the word a table's caption starts with */
	MAPPA_MSG_SHEET_COVER, MAPPA_MSG_SHEET_CONTENTS,
	MAPPA_MSG_SHEET_NOTES,	/* sheet names: letters only */
	MAPPA_MSG_SHEET_TABLE,	/* "Table_%zu": letters, '_', a number */
	MAPPA_MSG_ROW,		/* a header cell of row labels */
	MAPPA_MSG_ONE_TABLE,	/* "This worksheet contains one table." */
	MAPPA_MSG_SOME_NA,	/* cells of "[x]": see the notes */
	MAPPA_MSG_AREA, MAPPA_MSG_PERIOD_LABEL, MAPPA_MSG_SOURCE,
	MAPPA_MSG_PUBLISHED_LABEL, MAPPA_MSG_CONTACT,
	MAPPA_MSG_PRODUCED_BY,	/* the cover's labels */
	MAPPA_MSG_STATISTICAL_TABLES, /* the cover's title, by default */
	MAPPA_MSG_TABLE_OF_CONTENTS,
	MAPPA_MSG_SHEET_NAME, MAPPA_MSG_SHEET_TITLE,
	MAPPA_MSG_NOTES,	/* the notes sheet's title */
	MAPPA_MSG_NOTE_NUMBER, MAPPA_MSG_NOTE_TEXT,
	MAPPA_MSG_NA_NOTE,	/* what "[x]" means */
	MAPPA_MSG_NOTE_N,	/* "note %zu" */
	MAPPA_MSG_NONE,		/* the number of no note */
	MAPPA_MSG_NO_NOTES,
	MAPPA_MSG_ODS_TITLE,	/* "%s: statistical tables": the title */
	MAPPA_MSG_ODS_ABOUT,	/* what the workbook holds */
	MAPPA_MSG_ODS_SOURCE,	/* "... of %s (ViSOR export), ...": area */
	MAPPA_MSG_ODS_SOURCE_OF, /* "... of %s (ViSOR export of %s), ...":
				 * area, when exported */
	/* a comparison's workbook */
	MAPPA_MSG_CMP_TITLE,	/* "%s MAPPA statistics, %s to %s": area,
				 * first year, last */
	MAPPA_MSG_CMP_ABOUT,	/* "... of %s for %zu years, ...": area, years */
	MAPPA_MSG_CMP_SOURCE,
	MAPPA_MSG_CMP_ERA_NOTE,	/* the orders of 2015: not comparable */
	MAPPA_MSG_CMP_TABLE,	/* "Table %zu. %.500s, %s to %s": number,
				 * title, first year, last */
	MAPPA_MSG_CMP_SOME_NOTE, /* "Some rows refer to a note ..." */
	MAPPA_MSG_CMP_FIGURE, MAPPA_MSG_CMP_KEY,	/* the header row */
	MAPPA_MSG_CMP_NOTE_REF,	/* " [note %d]" */
	MAPPA_MSG__COUNT
};

/*
 * The message in the language lang (BCP 47): Welsh when its primary
 * subtag is "cy" (any case, "cy", "cy-GB"), English (en-GB) for anything
 * else, NULL included.  Never NULL, never empty; static storage.
 */
const char	*mappa_msg(const char *lang, enum mappa_msg_id);
/* The same in a table by index: 0 English, 1 Welsh; for tests. */
const char	*mappa_msg_in(int table, enum mappa_msg_id);
/* The tables' language tags, by index: "en-GB", "cy". */
const char	*mappa_msg_table_lang(int table);
#define MAPPA_MSG_TABLES	2
/* The identifier's name ("MAPPA_MSG_CONTENTS"), for tests; NULL if none. */
const char	*mappa_msg_name(enum mappa_msg_id);

/*
 * A printf-style message formatted with the arguments that follow, as
 * snprintf (the result, truncated, in buf; returns what snprintf does),
 * fprintf, or into memory the caller frees.  The compiler cannot check
 * the arguments against a format it does not see: test_msg checks that
 * both languages' conversions are the same, the callers that they match
 * the English.
 */
int	mappa_msg_format(char *buf, size_t size, const char *lang,
	    enum mappa_msg_id, ...);
int	mappa_msg_fprintf(FILE *, const char *lang, enum mappa_msg_id, ...);
char	*mappa_msg_alloc(const char *lang, enum mappa_msg_id, ...);

/*
 * Whether two BCP 47 tags name one language: their primary subtags alike
 * in any case ("en" and "en-GB", "cy" and "CY-gb"); NULL is en-GB.
 */
int	mappa_lang_same(const char *, const char *);

/* "31 March 2012" (y, m 1..12, d) in lang into buf. */
void	mappa_msg_date(const char *lang, int y, int m, int d, char *buf,
	    size_t size);

#endif
