/* render.c: render a document in the test format to PDF or a layout dump; a test tool. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mappa/device.h"
#include "mappa/layout.h"

int
main(int argc, char *argv[])
{
	struct mappa_diag	 diag;
	struct mappa_doc	*doc;
	struct mappa_device	*dev;
	struct timespec		 t0, t1;
	FILE			*in, *out;
	int			 rc, dump;

	if (argc != 4 || (strcmp(argv[1], "pdf") != 0 &&
	    strcmp(argv[1], "dump") != 0)) {
		fprintf(stderr, "usage: render pdf|dump input output\n");
		return 64;
	}
	dump = argv[1][0] == 'd';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	mappa_diag_init(&diag, argv[2], stderr);
	if ((in = fopen(argv[2], "r")) == NULL) {
		perror(argv[2]);
		return 66;
	}
	doc = mappa_doc_read(in, &diag);
	fclose(in);
	if (doc == NULL)
		return 65;
	if ((out = fopen(argv[3], "wb")) == NULL) {
		perror(argv[3]);
		mappa_doc_free(doc);
		return 73;
	}
	dev = dump ? mappa_dump_device_new(out) : mappa_pdf_device_new(out);
	rc = mappa_layout_render(doc, dev, &diag);
	mappa_device_free(dev);
	mappa_doc_free(doc);
	if (fclose(out) == EOF)
		rc = -1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* the time goes to stderr only: the output never sees a clock */
	fprintf(stderr, "render: %.0f ms\n", (t1.tv_sec - t0.tv_sec) * 1e3 +
	    (t1.tv_nsec - t0.tv_nsec) / 1e6);
	return rc == 0 ? (diag.errors ? 65 : 0) : 70;
}
