/* fuzz_template.c: libFuzzer target for the template parser, the evaluator and layout (to the dump device). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mappa/board.h"
#include "mappa/date.h"
#include "mappa/device.h"
#include "mappa/layout.h"
#include "mappa/stats.h"
#include "mappa/template.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Years of figures, some non-zero, for the evaluator to work on. */
static void
year(struct mappa_stats *s, const char *start, const char *end, uint64_t k)
{
	struct mappa_header h = {1, "Dorset", 0, 0, 746000, NULL};
	static const char *const some[] = {
		"offenders.category1.level1", "offenders.category1.level2",
		"offenders.category2.level1", "level2_3_in_period.category1.level2",
		"notification_breaches.rsos", "orders.sopo", "orders.shpo",
		"returned_to_custody.breach_of_licence.category1.level2",
		"rso_wanted_or_missing.missing", "sfo_charges.category2.level3",
	};

	mappa_date_parse(start, 10, &h.period_start);
	mappa_date_parse(end, 10, &h.period_end);
	mappa_stats_init(s, &h);
	for (size_t i = 0; i < sizeof(some) / sizeof(some[0]); i++)
		*mappa_stats_field(s, some[i]) = k * (i + 1);
	mappa_stats_finish(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mappa_stats cur, prev, later;
	static FILE *sink;
	static int ready;
	struct mappa_template *t;
	struct mappa_values *v;
	struct mappa_diag d;

	if (!ready) {
		year(&cur, "2011-04-01", "2012-03-31", 7);
		year(&prev, "2010-04-01", "2011-03-31", 5);
		/* after a gap, and in the other era: compare's notes */
		year(&later, "2015-04-01", "2016-03-31", 3);
		/* Layout draws on the dump device; what it writes is not kept. */
		if ((sink = fopen("/dev/null", "w")) == NULL)
			abort();
		ready = 1;
	}
	mappa_diag_init(&d, "fuzz.xml", NULL);
	t = mappa_template_parse_mem((const char *)data, size, &d);
	/* A template comes back exactly when nothing was reported. */
	if ((t != NULL) != (d.errors == 0))
		abort();
	if (t == NULL)
		return 0;
	/* A report, one with the previous year, a comparison of three. */
	for (int pass = 0; pass < 3; pass++) {
		struct mappa_values *yv[3];
		struct mappa_build_options o = {.years = yv, .nyears = 3};
		struct mappa_doc *doc;
		struct mappa_diag bd;

		v = mappa_values_new(&cur, pass > 0 ? &prev : NULL);
		if (v == NULL)
			abort();
		yv[0] = mappa_values_new(&prev, NULL);
		yv[1] = v;
		yv[2] = mappa_values_new(&later, &cur);
		mappa_diag_init(&bd, "fuzz.xml", NULL);
		doc = mappa_template_build_with(t, pass == 2 ? yv[2] : v, &bd,
		    pass == 2 ? &o : NULL);
		if ((doc != NULL) != (bd.errors == 0))
			abort();
		/*
		 * Through layout as render does (running headers, tables,
		 * charts, the line breaker): whatever the template, layout
		 * must neither write out of bounds nor fail but on fonts.
		 */
		if (doc != NULL) {
			struct mappa_device *dev = mappa_dump_device_new(sink);

			mappa_layout_render(doc, dev, &bd);
			mappa_device_free(dev);
		}
		mappa_doc_free(doc);
		for (int i = 0; i < 3; i++)
			mappa_values_free(yv[i]);
	}
	mappa_template_free(t);
	return 0;
}
