/* test_snapshot.c: the reader, through its API, on documents built here. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "mappa/date.h"
#include "mappa/snapshot.h"
#include "mappa/util.h"

#define ROOT "<register-snapshot version=\"1\" area=\" Dorset \" " \
	"period-start=\"2011-04-01\" period-end=\"2012-03-31\" " \
	"population=\"746000\" exported=\"2012-04-03T09:15:00Z\">\n"

/* What the handlers saw. */
struct seen {
	int		 headers;
	char		 area[128];
	uint64_t	 population;
	int		 offenders;
	char		 ids[8][MAPPA_ID_MAX + 1];
	size_t		 nlevels[8], nevents[8];
	struct mappa_level levels[8][4];
	struct mappa_event events[8][4];
	int		 stop_after;	/* stop after this many, if > 0 */
	unsigned	 flags;		/* how to read: enum mappa_read_flag */
};

static int
on_header(void *arg, const struct mappa_header *h)
{
	struct seen *s = arg;

	s->headers++;
	snprintf(s->area, sizeof(s->area), "%s", h->area);
	s->population = h->population;
	return 0;
}

static int
on_offender(void *arg, const struct mappa_offender *o)
{
	struct seen *s = arg;
	int	 i = s->offenders++;

	if (i < 8) {
		strcpy(s->ids[i], o->id);
		s->nlevels[i] = o->nlevels;
		s->nevents[i] = o->nevents;
		for (size_t k = 0; k < o->nlevels && k < 4; k++)
			s->levels[i][k] = o->levels[k];
		for (size_t k = 0; k < o->nevents && k < 4; k++)
			s->events[i][k] = o->events[k];
	}
	return s->stop_after > 0 && s->offenders >= s->stop_after;
}

/* Read text; diagnostics are captured in *msgs (caller frees). */
static enum mappa_read_status
read_text(const char *text, size_t len, struct seen *s, char **msgs,
    unsigned long *errors)
{
	struct mappa_handler h = {on_header, on_offender, s, NULL, s->flags};
	struct mappa_diag d;
	enum mappa_read_status st;
	size_t	 msglen;
	FILE	*f;

	f = open_memstream(msgs, &msglen);
	assert_non_null(f);
	mappa_diag_init(&d, "t.xml", f);
	st = mappa_snapshot_read_mem(text, len, &d, &h);
	fclose(f);
	*errors = d.errors;
	return st;
}

static void
hands_out_checked_offenders(void **state)
{
	const char *doc =
	    "<?xml version=\"1.0\"?>\n" ROOT
	    "<offender id=\"A/1\" category=\"1\" eligible-from=\"2008-06-12\">\n"
	    "  <return-to-custody date=\"2012-01-20\" reason=\"breach-of-order\"/>\n"
	    "  <level from=\"2011-09-14\" value=\"2\"/>\n"
	    "  <level from=\"2008-06-12\" value=\"1\"/>\n"
	    "  <order date=\"2011-05-01\" type=\"interim-shpo\" foreign-travel=\"yes\"/>\n"
	    "</offender>\n"
	    "<offender id=\"b_2\" category=\"3\" eligible-from=\"2010-02-01\" "
	    "eligible-until=\"2011-12-31\"><level from=\"2010-02-01\" value=\"3\"/>"
	    "</offender>\n"
	    "</register-snapshot>\n";
	struct seen s;
	char	*msgs = NULL;
	unsigned long errors;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(read_text(doc, strlen(doc), &s, &msgs, &errors),
	    MAPPA_READ_OK);
	assert_string_equal(msgs, "");
	free(msgs);
	assert_int_equal(s.headers, 1);
	assert_string_equal(s.area, "Dorset");
	assert_int_equal(s.population, 746000);
	assert_int_equal(s.offenders, 2);
	assert_string_equal(s.ids[0], "A/1");
	/* Levels come sorted by date whatever the document order. */
	assert_int_equal(s.nlevels[0], 2);
	assert_int_equal(s.levels[0][0].value, 1);
	assert_int_equal(s.levels[0][1].value, 2);
	assert_int_equal(s.levels[0][1].line, 5);
	/* Events keep document order and their details. */
	assert_int_equal(s.nevents[0], 2);
	assert_int_equal(s.events[0][0].kind, MAPPA_EV_RETURN_TO_CUSTODY);
	assert_int_equal(s.events[0][0].sub, MAPPA_RETURN_ORDER);
	assert_int_equal(s.events[0][0].line, 4);
	assert_int_equal(s.events[0][1].kind, MAPPA_EV_ORDER);
	assert_int_equal(s.events[0][1].sub, MAPPA_ORDER_INTERIM_SHPO);
	assert_true(s.events[0][1].flag);
	assert_string_equal(s.ids[1], "b_2");
}

/* With the schema attached as well, the same offenders, no message. */
static void
same_with_the_schema(void **state)
{
	const char *doc = ROOT
	    "<offender id=\"A\" category=\"1\" eligible-from=\"2008-06-12\">"
	    "<level from=\"2008-06-12\" value=\"1\"></level></offender>\n"
	    "</register-snapshot>\n";
	const char *bad = ROOT
	    "<offender id=\"A\" category=\"3\" eligible-from=\"2008-06-12\">"
	    "<level from=\"2008-06-12\" value=\"1\"/></offender>\n"
	    "</register-snapshot>\n";
	struct seen s;
	char	*msgs = NULL;
	unsigned long errors;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.flags = MAPPA_READ_SCHEMA;
	assert_int_equal(read_text(doc, strlen(doc), &s, &msgs, &errors),
	    MAPPA_READ_OK);
	assert_string_equal(msgs, "");
	free(msgs);
	assert_int_equal(s.offenders, 1);
	/* A rule the schema can't express: the reader's message alone. */
	memset(&s, 0, sizeof(s));
	s.flags = MAPPA_READ_SCHEMA;
	assert_int_equal(read_text(bad, strlen(bad), &s, &msgs, &errors),
	    MAPPA_READ_INVALID);
	assert_string_equal(msgs, "t.xml:2: error: offender A: category 3 "
	    "offender at level 1 from 2008-06-12\n");
	free(msgs);
}

static void
nothing_handed_out_after_an_error(void **state)
{
	const char *doc = ROOT
	    "<offender id=\"A\" category=\"5\" eligible-from=\"2008-06-12\">"
	    "<level from=\"2008-06-12\" value=\"1\"/></offender>\n"
	    "<offender id=\"B\" category=\"1\" eligible-from=\"2008-06-12\">"
	    "<level from=\"2008-06-12\" value=\"1\"/></offender>\n"
	    "</register-snapshot>\n";
	struct seen s;
	char	*msgs = NULL;
	unsigned long errors;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(read_text(doc, strlen(doc), &s, &msgs, &errors),
	    MAPPA_READ_INVALID);
	assert_int_equal(errors, 1);
	assert_non_null(strstr(msgs, "t.xml:2: error: offender A: category"));
	free(msgs);
	assert_int_equal(s.offenders, 0);
}

static void
handler_can_stop(void **state)
{
	const char *doc = ROOT
	    "<offender id=\"A\" category=\"1\" eligible-from=\"2008-06-12\">"
	    "<level from=\"2008-06-12\" value=\"1\"/></offender>\n"
	    "<offender id=\"B\" category=\"1\" eligible-from=\"2008-06-12\">"
	    "<level from=\"2008-06-12\" value=\"1\"/></offender>\n"
	    "</register-snapshot>\n";
	struct seen s;
	char	*msgs = NULL;
	unsigned long errors;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	assert_int_equal(read_text(doc, strlen(doc), &s, &msgs, &errors),
	    MAPPA_READ_STOPPED);
	free(msgs);
	assert_int_equal(s.offenders, 1);
}

/* UTF-16 with a byte order mark is valid XML: accept it. */
static void
utf16_with_bom(void **state)
{
	const char *doc = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" ROOT
	    "<offender id=\"A\" category=\"1\" eligible-from=\"2008-06-12\">"
	    "<level from=\"2008-06-12\" value=\"1\"/></offender>\n"
	    "</register-snapshot>\n";
	size_t	 n = strlen(doc), len = 2 + 2 * n;
	char	*buf = mappa_malloc(len), *msgs = NULL;
	struct seen s;
	unsigned long errors;

	(void)state;
	buf[0] = (char)0xff;
	buf[1] = (char)0xfe;
	for (size_t i = 0; i < n; i++) {
		buf[2 + 2 * i] = doc[i];
		buf[3 + 2 * i] = 0;
	}
	memset(&s, 0, sizeof(s));
	assert_int_equal(read_text(buf, len, &s, &msgs, &errors),
	    MAPPA_READ_OK);
	free(msgs);
	free(buf);
	assert_int_equal(s.offenders, 1);
	assert_string_equal(s.area, "Dorset");
}

/* Lines past 65535 are reported as they are, not as 65535. */
static void
big_line_numbers(void **state)
{
	char	*buf = NULL, *msgs = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);
	struct seen s;
	unsigned long errors;
	char	 want[64];

	(void)state;
	fputs(ROOT, f);		/* line 1 */
	for (int i = 0; i < 25000; i++)
		fprintf(f, "<offender id=\"X%d\" category=\"1\" "
		    "eligible-from=\"2008-06-12\">\n<level from=\"2008-06-12\" "
		    "value=\"1\"/>\n</offender>\n", i);	/* lines 2 to 75001 */
	fputs("<offender id=\"Y\" category=\"1\" eligible-from=\"2008-06-12\">\n"
	    "<level from=\"2008-06-12\" value=\"1\"/>\n"
	    "<sfo-charge date=\"2008-06-11\"/>\n</offender>\n"
	    "</register-snapshot>\n", f);
	fclose(f);
	memset(&s, 0, sizeof(s));
	assert_int_equal(read_text(buf, len, &s, &msgs, &errors),
	    MAPPA_READ_INVALID);
	snprintf(want, sizeof(want), "t.xml:%d: error: offender Y: sfo-charge",
	    75004);
	assert_non_null(strstr(msgs, want));
	free(msgs);
	free(buf);
}

/* Entities are never expanded, nor outside files read. */
static void
no_entities_no_outside_files(void **state)
{
	char	 path[] = "/tmp/mappa-secretXXXXXX";
	char	 doc[1024], *msgs = NULL;
	struct seen s;
	unsigned long errors;
	int	 fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "SECRET-CONTENT", 14), 14);
	close(fd);
	snprintf(doc, sizeof(doc), "<?xml version=\"1.0\"?>\n"
	    "<!DOCTYPE register-snapshot [<!ENTITY x SYSTEM \"file://%s\">]>\n"
	    "<register-snapshot version=\"1\" area=\"&x;\" period-start=\""
	    "2011-04-01\" period-end=\"2012-03-31\" population=\"1\"/>\n",
	    path);
	memset(&s, 0, sizeof(s));
	assert_int_equal(read_text(doc, strlen(doc), &s, &msgs, &errors),
	    MAPPA_READ_INVALID);
	assert_null(strstr(msgs, "SECRET"));
	assert_non_null(strstr(msgs, "t.xml:2: error: a document type "
	    "declaration"));
	assert_int_equal(s.headers, 0);
	free(msgs);
	unlink(path);
}

/*
 * Duplicate ids across the runs the id set spills to disk: 150,000 ids
 * fill about three runs; ids repeated across them are all found, exactly,
 * with the line of their first use.
 */
static void
duplicates_across_runs(void **state)
{
	char	*buf = NULL, *msgs = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);
	struct seen s;
	unsigned long errors;

	(void)state;
	fputs(ROOT, f);				/* line 1 */
	for (int i = 0; i < 150000; i++)	/* lines 2 to 150001 */
		fprintf(f, "<offender id=\"X%d\" category=\"1\" "
		    "eligible-from=\"2008-06-12\"><level from=\"2008-06-12\" "
		    "value=\"1\"/></offender>\n", i);
	/* X5 twice more, X149999 once more; lines 150002 to 150004. */
	for (int k = 0; k < 3; k++)
		fprintf(f, "<offender id=\"X%d\" category=\"1\" "
		    "eligible-from=\"2008-06-12\"><level from=\"2008-06-12\" "
		    "value=\"1\"/></offender>\n", k < 2 ? 5 : 149999);
	fputs("</register-snapshot>\n", f);
	fclose(f);
	memset(&s, 0, sizeof(s));
	assert_int_equal(read_text(buf, len, &s, &msgs, &errors),
	    MAPPA_READ_INVALID);
	assert_int_equal(errors, 3);
	assert_non_null(strstr(msgs, "t.xml:150002: error: offender X5: "
	    "duplicate id; it was first used at line 7\n"));
	assert_non_null(strstr(msgs, "t.xml:150003: error: offender X5: "
	    "duplicate id; it was first used at line 7\n"));
	assert_non_null(strstr(msgs, "t.xml:150004: error: offender X149999: "
	    "duplicate id; it was first used at line 150001\n"));
	free(msgs);

	/*
	 * So many ids did go to disk: with nowhere to put them, it fails,
	 * and the fault is the temporary directory's, not the snapshot's.
	 */
	setenv("TMPDIR", "/nonexistent/mappa", 1);
	memset(&s, 0, sizeof(s));
	assert_int_equal(read_text(buf, len, &s, &msgs, &errors),
	    MAPPA_READ_TMPERR);
	assert_int_equal(errno, ENOENT);
	free(msgs);
	unsetenv("TMPDIR");
	free(buf);
}

/* What long_level_history's handler found. */
struct history {
	size_t		 nlevels;
	bool		 sorted;	/* by date, each a day after the last */
	int32_t		 first, last;
};

static int
on_history(void *arg, const struct mappa_offender *o)
{
	struct history *h = arg;

	h->nlevels = o->nlevels;
	h->sorted = true;
	for (size_t i = 1; i < o->nlevels; i++)
		if (o->levels[i].from != o->levels[i - 1].from + 1 ||
		    o->levels[i].line != o->levels[i - 1].line - 1)
			h->sorted = false;
	h->first = o->levels[0].from;
	h->last = o->levels[o->nlevels - 1].from;
	return 0;
}

/*
 * One offender with a million levels written latest first: handed out
 * sorted, every one.  (An insertion sort, as the reader once had, takes
 * hours on this and the test's time limit ends it: no timed assertion.)
 */
static void
long_level_history(void **state)
{
	enum { N = 1000000 };
	char	*buf = NULL, *msgs = NULL;
	size_t	 len = 0, msglen;
	FILE	*f = open_memstream(&buf, &len), *m;
	int32_t	 base = mappa_date_from_ymd(1000, 1, 1);
	char	 d[11];
	struct history h;
	struct mappa_handler hd = {NULL, on_history, &h, NULL, 0};
	struct mappa_diag diag;

	(void)state;
	mappa_date_format(base, d);
	fputs(ROOT, f);
	fprintf(f, "<offender id=\"L\" category=\"2\" eligible-from=\"%s\">\n",
	    d);
	for (int i = N - 1; i >= 0; i--) {
		mappa_date_format(base + i, d);
		fprintf(f, "<level from=\"%s\" value=\"%d\"/>\n", d, 1 + i % 3);
	}
	fputs("</offender>\n</register-snapshot>\n", f);
	fclose(f);
	memset(&h, 0, sizeof(h));
	m = open_memstream(&msgs, &msglen);
	assert_non_null(m);
	mappa_diag_init(&diag, "t.xml", m);
	assert_int_equal(mappa_snapshot_read_mem(buf, len, &diag, &hd),
	    MAPPA_READ_OK);
	fclose(m);
	assert_string_equal(msgs, "");
	assert_int_equal(h.nlevels, N);
	assert_true(h.sorted);
	assert_int_equal(h.first, base);
	assert_int_equal(h.last, base + N - 1);
	free(msgs);
	free(buf);
}

/*
 * Line ends CR LF and CR alone count one line each, also where a block
 * the reader pushes to the parser (64 KiB) ends between the CR and the LF.
 */
static void
cr_line_ends_across_blocks(void **state)
{
	static const char *const eols[] = {"\r\n", "\r"};

	(void)state;
	for (size_t e = 0; e < 2; e++) {
		const char *eol = eols[e];
		char	*buf = NULL, *msgs = NULL;
		size_t	 len = 0;
		FILE	*f = open_memstream(&buf, &len);
		struct seen s;
		unsigned long errors;
		long	 pad;
		char	 want[80];

		/* Line 1: the root; line 2: a comment whose CR is the
		 * block's last byte (offset 65535). */
		fprintf(f, "%.*s%s", (int)strlen(ROOT) - 1, ROOT, eol);
		fflush(f);
		pad = 65535 - (long)len - 7;
		fputs("<!--", f);
		for (long i = 0; i < pad; i++)
			fputc('x', f);
		fprintf(f, "-->%s", eol);
		fflush(f);
		assert_int_equal(len, 65535 + strlen(eol));
		assert_int_equal(buf[65535], '\r');
		for (int i = 0; i < 3; i++)	/* lines 3 to 5 */
			fprintf(f, "<offender id=\"X%d\" category=\"%d\" "
			    "eligible-from=\"2008-06-12\">%s<level "
			    "from=\"2008-06-12\" value=\"1\"/></offender>%s",
			    i, i == 2 ? 4 : 1, i == 1 ? eol : "", eol);
		fprintf(f, "</register-snapshot>%s", eol);
		fclose(f);
		memset(&s, 0, sizeof(s));
		assert_int_equal(read_text(buf, len, &s, &msgs, &errors),
		    MAPPA_READ_INVALID);
		snprintf(want, sizeof(want), "t.xml:6: error: offender X2: "
		    "category '4'");
		assert_non_null(strstr(msgs, want));
		assert_int_equal(errors, 1);
		free(msgs);
		free(buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hands_out_checked_offenders),
		cmocka_unit_test(same_with_the_schema),
		cmocka_unit_test(nothing_handed_out_after_an_error),
		cmocka_unit_test(handler_can_stop),
		cmocka_unit_test(utf16_with_bom),
		cmocka_unit_test(big_line_numbers),
		cmocka_unit_test(no_entities_no_outside_files),
		cmocka_unit_test(duplicates_across_runs),
		cmocka_unit_test(long_level_history),
		cmocka_unit_test(cr_line_ends_across_blocks),
	};
	int	 rc = cmocka_run_group_tests(tests, NULL, NULL);

	mappa_snapshot_cleanup();
	return rc;
}
