/* msg.c: the program's own words in English and Welsh (see mappa/msg.h); for any stage, through mappa/msg.h. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mappa/msg.h"
#include "mappa/util.h"

/*
 * The English column is what the program wrote before there were tables,
 * byte for byte; change it and every English report changes.
 *
 * The Welsh follows the Welsh Government's and the Welsh Language
 * Commissioner's usage (Termiadur Addysg, Cysgair) where a term exists.
 * A Welsh-speaking officer should confirm before publication:
 *   - ZERO "dim" for {x|words} 0 (a template writes "dim troseddwyr",
 *     not "dim o droseddwyr"; "sero" is the digit's name);
 *   - the numbers 11 to 19 in the traditional vigesimal forms ("un ar
 *     ddeg", "pymtheg", "deunaw"), masculine: a template whose noun is
 *     feminine (dwy, tair, pedair) must write its own words;
 *   - the trend phrases ("wedi codi", "wedi gostwng", "wedi aros yr un
 *     fath"): they fit a sentence "Mae nifer y ... {x|trend}", not the
 *     English template's preterite sentence;
 *   - CHART_OF " yn dangos " ("showing"), chosen because "o" would call
 *     for a soft mutation of the axis title, which the program cannot
 *     make; CHART_BY " yn ôl ";
 *   - NA_SHORT "amh." for "n/a";
 *   - the ODS labels (Ardal, Cyfnod, Ffynhonnell, Cyhoeddwyd, Cyswllt,
 *     Cynhyrchwyd gan), sheet names (Clawr, Cynnwys, Nodiadau, Tabl_N)
 *     and the sentences of the notes and the source;
 *   - the colophon's "ciplun" (snapshot) and "ffeil y bwrdd" (board file);
 *   - SKIP "Neidio i'r adroddiad" (GOV.UK Welsh uses "Neidio i'r prif
 *     gynnwys" for "Skip to main content");
 *   - the orders' names in CMP_ERA_NOTE (gorchymyn atal niwed rhywiol,
 *     gorchymyn risg rhywiol, gorchymyn atal troseddau rhywiol,
 *     gorchymyn teithio tramor, gorchymyn risg o niwed rhywiol): the
 *     legislation's Welsh names, if it has them, should be used, and
 *     whether the English abbreviations (SHPOs) stay.
 */
#define M(id, en, cy)	[MAPPA_MSG_##id] = { "MAPPA_MSG_" #id, { en, cy } }

static const struct {
	const char	*name;
	const char	*text[MAPPA_MSG_TABLES];
} msgs[MAPPA_MSG__COUNT] = {
	M(JANUARY, "January", "Ionawr"),
	M(FEBRUARY, "February", "Chwefror"),
	M(MARCH, "March", "Mawrth"),
	M(APRIL, "April", "Ebrill"),
	M(MAY, "May", "Mai"),
	M(JUNE, "June", "Mehefin"),
	M(JULY, "July", "Gorffennaf"),
	M(AUGUST, "August", "Awst"),
	M(SEPTEMBER, "September", "Medi"),
	M(OCTOBER, "October", "Hydref"),
	M(NOVEMBER, "November", "Tachwedd"),
	M(DECEMBER, "December", "Rhagfyr"),
	M(DATE, "%d %s %d", "%d %s %d"),
	M(PERIOD, "%s to %s", "%s i %s"),

	M(ZERO, "zero", "dim"),
	M(ONE, "one", "un"),
	M(TWO, "two", "dau"),
	M(THREE, "three", "tri"),
	M(FOUR, "four", "pedwar"),
	M(FIVE, "five", "pump"),
	M(SIX, "six", "chwech"),
	M(SEVEN, "seven", "saith"),
	M(EIGHT, "eight", "wyth"),
	M(NINE, "nine", "naw"),
	M(TEN, "ten", "deg"),
	M(ELEVEN, "eleven", "un ar ddeg"),
	M(TWELVE, "twelve", "deuddeg"),
	M(THIRTEEN, "thirteen", "tri ar ddeg"),
	M(FOURTEEN, "fourteen", "pedwar ar ddeg"),
	M(FIFTEEN, "fifteen", "pymtheg"),
	M(SIXTEEN, "sixteen", "un ar bymtheg"),
	M(SEVENTEEN, "seventeen", "dau ar bymtheg"),
	M(EIGHTEEN, "eighteen", "deunaw"),
	M(NINETEEN, "nineteen", "pedwar ar bymtheg"),
	M(TWENTY, "twenty", "ugain"),

	M(TREND_SAME, "was unchanged", "wedi aros yr un fath"),
	M(TREND_ROSE, "rose by %s", "wedi codi %s"),
	M(TREND_FELL, "fell by %s", "wedi gostwng %s"),
	M(TREND_ROSE_PCT, "rose by %s (%s)", "wedi codi %s (%s)"),
	M(TREND_FELL_PCT, "fell by %s (%s)", "wedi gostwng %s (%s)"),
	M(TREND_NONE, "cannot be compared with the year before",
	    "ni ellir ei gymharu â’r flwyddyn flaenorol"),
	M(NO_CHANGE, "no change", "dim newid"),
	M(NA_SHORT, "n/a", "amh."),
	/* stats.h's MAPPA_POPULATION_BASIS, as a sentence quotes it */
	M(ALL_AGES, "all ages", "pob oed"),

	M(CONTENTS, "Contents", "Cynnwys"),
	M(NAME, "Name", "Enw"),
	M(ROLE, "Role", "Rôl"),
	M(AGENCY, "Agency", "Asiantaeth"),
	M(CHANGE, "Change", "Newid"),
	M(SIGNATURE_OF, "Signature of %s", "Llofnod %s"),
	M(PUBLISHED, "Published %s", "Cyhoeddwyd %s"),
	M(DRAFT, "Draft", "Drafft"),
	/*
	 * The sentence Welsh public bodies put on a cover (to be confirmed
	 * by a Welsh speaker, as the rest): "Cymraeg" mutates after "yn",
	 * "Saesneg" does not.
	 */
	M(ALSO_WELSH, "This document is also available in Welsh.",
	    "Mae’r ddogfen hon ar gael yn Gymraeg."),
	M(ALSO_WELSH_AT, "This document is also available in Welsh: %s",
	    "Mae’r ddogfen hon ar gael yn Gymraeg: %s"),
	M(ALSO_ENGLISH, "This document is also available in English.",
	    "Mae’r ddogfen hon ar gael yn Saesneg."),
	M(ALSO_ENGLISH_AT, "This document is also available in English: %s",
	    "Mae’r ddogfen hon ar gael yn Saesneg: %s"),

	M(PRODUCED, "Produced by mappa-report %s from:",
	    "Cynhyrchwyd gan mappa-report %s o:"),
	M(PRODUCED_ON, "Produced by mappa-report %s on %s from:",
	    "Cynhyrchwyd gan mappa-report %s ar %s o:"),
	M(SNAPSHOT_SHA, "snapshot SHA-256 %s", "SHA-256 y ciplun %s"),
	/* U+2019: the report's apostrophe, never a straight one */
	M(PREVIOUS_SHA, "previous year\xe2\x80\x99s snapshot SHA-256 %s",
	    "SHA-256 ciplun y flwyddyn flaenorol %s"),
	M(TEMPLATE_SHA, "template SHA-256 %s", "SHA-256 y templed %s"),
	M(BOARD_SHA, "board file SHA-256 %s", "SHA-256 ffeil y bwrdd %s"),
	M(IMAGE_SHA, "image %.120s SHA-256 %s", "delwedd %.120s SHA-256 %s"),

	M(CONTINUED, " (continued)", " (parhad)"),
	M(LINK_PAGE, "%s, page %d", "%s, tudalen %d"),
	M(BAR_CHART, "Bar chart", "Siart bar"),
	M(LINE_CHART, "Line chart", "Siart linell"),
	M(CHART_OF, " of ", " yn dangos "),
	M(CHART_BY, " by ", " yn ôl "),
	M(NOT_APPLICABLE, "not applicable", "amherthnasol"),

	M(TABLE_N, "Table %zu", "Tabl %zu"),
	M(CHART, "Chart", "Siart"),
	M(VALUE, "Value", "Gwerth"),
	M(REPORT, "Report", "Adroddiad"),
	M(CHART_FIGURES, "The chart's figures", "Ffigurau’r siart"),
	M(SKIP, "Skip to the report", "Neidio i’r adroddiad"),

	M(TABLE, "Table", "Tabl"),
	M(SHEET_COVER, "Cover", "Clawr"),
	M(SHEET_CONTENTS, "Contents", "Cynnwys"),
	M(SHEET_NOTES, "Notes", "Nodiadau"),
	M(SHEET_TABLE, "Table_%zu", "Tabl_%zu"),
	M(ROW, "Row", "Rhes"),
	M(ONE_TABLE, "This worksheet contains one table.",
	    "Mae un tabl yn y daflen waith hon."),
	M(SOME_NA, "Some cells contain [x], which means the figure does not "
	    "apply: see the Notes worksheet.",
	    "Mae [x] mewn rhai celloedd, sy’n golygu nad yw’r ffigur yn "
	    "berthnasol: gweler y daflen waith Nodiadau."),
	M(AREA, "Area", "Ardal"),
	M(PERIOD_LABEL, "Period", "Cyfnod"),
	M(SOURCE, "Source", "Ffynhonnell"),
	M(PUBLISHED_LABEL, "Published", "Cyhoeddwyd"),
	M(CONTACT, "Contact", "Cyswllt"),
	M(PRODUCED_BY, "Produced by", "Cynhyrchwyd gan"),
	M(STATISTICAL_TABLES, "Statistical tables", "Tablau ystadegol"),
	M(TABLE_OF_CONTENTS, "Table of contents", "Tabl cynnwys"),
	M(SHEET_NAME, "Worksheet name", "Enw’r daflen waith"),
	M(SHEET_TITLE, "Worksheet title", "Teitl y daflen waith"),
	M(NOTES, "Notes", "Nodiadau"),
	M(NOTE_NUMBER, "Note number", "Rhif y nodyn"),
	M(NOTE_TEXT, "Note text", "Testun y nodyn"),
	M(NA_NOTE, "[x] means not applicable: the statistics define no "
	    "figure for that row and column (category 3 offenders, for "
	    "example, are never managed at level 1). It is not a zero.",
	    "Ystyr [x] yw amherthnasol: nid yw’r ystadegau’n diffinio "
	    "ffigur ar gyfer y rhes a’r golofn honno (nid yw troseddwyr "
	    "categori 3, er enghraifft, byth yn cael eu rheoli ar lefel 1). "
	    "Nid sero ydyw."),
	M(NOTE_N, "note %zu", "nodyn %zu"),
	M(NONE, "none", "dim"),
	M(NO_NOTES, "These tables have no notes.",
	    "Nid oes nodiadau i’r tablau hyn."),
	M(ODS_TITLE, "%s: statistical tables", "%s: tablau ystadegol"),
	M(ODS_ABOUT, "The statistical tables of the MAPPA annual report, "
	    "one worksheet each, with the figures as numbers.",
	    "Tablau ystadegol adroddiad blynyddol MAPPA, pob un ar ei daflen "
	    "waith ei hun, gyda’r ffigurau fel rhifau."),
	M(ODS_SOURCE, "The register snapshot of %s (ViSOR export), counted "
	    "as the report's statistics define",
	    "Ciplun o gofrestr %s (allforiad ViSOR), wedi’i gyfrif fel y mae "
	    "ystadegau’r adroddiad yn diffinio"),
	M(ODS_SOURCE_OF, "The register snapshot of %s (ViSOR export of %s), "
	    "counted as the report's statistics define",
	    "Ciplun o gofrestr %s (allforiad ViSOR ar %s), wedi’i gyfrif fel "
	    "y mae ystadegau’r adroddiad yn diffinio"),

	M(CMP_TITLE, "%s MAPPA statistics, %s to %s",
	    "Ystadegau MAPPA %s, %s i %s"),
	M(CMP_ABOUT, "The figures of the MAPPA annual reports of %s for %zu "
	    "years, computed from each year's register snapshot as the stats "
	    "command computes them: one worksheet per group of figures, one "
	    "column per year (1 April to 31 March).",
	    "Ffigurau adroddiadau blynyddol MAPPA %s dros %zu o flynyddoedd, "
	    "wedi’u cyfrifo o giplun cofrestr pob blwyddyn fel y mae’r "
	    "gorchymyn stats yn eu cyfrifo: un daflen waith i bob grŵp o "
	    "ffigurau, un golofn i bob blwyddyn (1 Ebrill i 31 Mawrth)."),
	M(CMP_SOURCE, "The register's snapshot of each year (ViSOR export), "
	    "one file per year",
	    "Ciplun y gofrestr ar gyfer pob blwyddyn (allforiad ViSOR), un "
	    "ffeil i bob blwyddyn"),
	M(CMP_ERA_NOTE, "Not comparable across years: in March 2015 sexual "
	    "harm prevention orders (SHPOs) and sexual risk orders (SROs) "
	    "replaced sexual offences prevention orders (SOPOs), foreign "
	    "travel orders and risk of sexual harm orders, and the reports "
	    "count the new orders from 2015/16.",
	    "Ni ellir cymharu ar draws y blynyddoedd: ym mis Mawrth 2015 "
	    "daeth gorchmynion atal niwed rhywiol (SHPOs) a gorchmynion risg "
	    "rhywiol (SROs) yn lle gorchmynion atal troseddau rhywiol "
	    "(SOPOs), gorchmynion teithio tramor a gorchmynion risg o niwed "
	    "rhywiol, ac mae’r adroddiadau’n cyfrif y gorchmynion newydd o "
	    "2015/16 ymlaen."),
	M(CMP_TABLE, "Table %zu. %.500s, %s to %s", "Tabl %zu. %.500s, %s i %s"),
	M(CMP_SOME_NOTE, "Some rows refer to a note in the Notes worksheet.",
	    "Mae rhai rhesi’n cyfeirio at nodyn yn y daflen waith Nodiadau."),
	M(CMP_FIGURE, "Figure", "Ffigur"),
	M(CMP_KEY, "Key (as in stats)", "Allwedd (fel yn stats)"),
	M(CMP_NOTE_REF, " [note %d]", " [nodyn %d]"),
};

static const char *const langs[MAPPA_MSG_TABLES] = { "en-GB", "cy" };

/* Welsh when the primary subtag is "cy": "cy", "CY", "cy-GB". */
static int
table_of(const char *lang)
{
	if (lang != NULL && strncasecmp(lang, "cy", 2) == 0 &&
	    (lang[2] == '\0' || lang[2] == '-'))
		return 1;
	return 0;
}

int
mappa_lang_same(const char *a, const char *b)
{
	size_t	 i;

	if (a == NULL)
		a = "en-GB";
	if (b == NULL)
		b = "en-GB";
	for (i = 0; a[i] != '\0' && a[i] != '-' && b[i] != '\0' &&
	    b[i] != '-'; i++)
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return 0;
	return (a[i] == '\0' || a[i] == '-') && (b[i] == '\0' || b[i] == '-');
}

const char *
mappa_msg_in(int table, enum mappa_msg_id id)
{
	if (table < 0 || table >= MAPPA_MSG_TABLES || (int)id < 0 ||
	    id >= MAPPA_MSG__COUNT || msgs[id].text[table] == NULL)
		return "?";
	return msgs[id].text[table];
}

const char *
mappa_msg(const char *lang, enum mappa_msg_id id)
{
	return mappa_msg_in(table_of(lang), id);
}

const char *
mappa_msg_table_lang(int table)
{
	return table >= 0 && table < MAPPA_MSG_TABLES ? langs[table] : NULL;
}

const char *
mappa_msg_name(enum mappa_msg_id id)
{
	return (int)id >= 0 && id < MAPPA_MSG__COUNT ? msgs[id].name : NULL;
}

/*
 * The formats are the tables' own, never a caller's or an input's: the
 * one place the program prints through a format it does not spell out.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

int
mappa_msg_format(char *buf, size_t size, const char *lang,
    enum mappa_msg_id id, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, id);
	n = vsnprintf(buf, size, mappa_msg(lang, id), ap);
	va_end(ap);
	return n;
}

int
mappa_msg_fprintf(FILE *f, const char *lang, enum mappa_msg_id id, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, id);
	n = vfprintf(f, mappa_msg(lang, id), ap);
	va_end(ap);
	return n;
}

char *
mappa_msg_alloc(const char *lang, enum mappa_msg_id id, ...)
{
	va_list	 ap;
	char	*s;
	int	 n;

	va_start(ap, id);
	n = vsnprintf(NULL, 0, mappa_msg(lang, id), ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	s = mappa_malloc((size_t)n + 1);
	s[0] = '\0';
	va_start(ap, id);
	vsnprintf(s, (size_t)n + 1, mappa_msg(lang, id), ap);
	va_end(ap);
	return s;
}

#pragma GCC diagnostic pop

void
mappa_msg_date(const char *lang, int y, int m, int d, char *buf,
    size_t size)
{
	const char	*month = m >= 1 && m <= 12 ?
			    mappa_msg(lang, MAPPA_MSG_JANUARY + m - 1) : "?";

	mappa_msg_format(buf, size, lang, MAPPA_MSG_DATE, d, month, y);
}
