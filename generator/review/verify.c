/* verify.c: a PDF's provenance, and the verify command that checks it by rendering again; for main.c through review.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "mappa/board.h"
#include "mappa/review.h"
#include "mappa/stats.h"
#include "mappa/template.h"
#include "mappa/util.h"

/* A report is a few hundred kilobytes; refuse to slurp anything huge. */
#define PDF_MAX	(256L * 1024 * 1024)

static bool
is_hex64(const char *s)
{
	for (size_t i = 0; i < MAPPA_HEX_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* At s, `label` then 64 hex digits into out; returns the end or NULL. */
static const char *
take_hash(const char *s, const char *label, char *out)
{
	size_t	 n = strlen(label);

	if (strncmp(s, label, n) != 0 || strlen(s + n) < MAPPA_HEX_LEN ||
	    !is_hex64(s + n))
		return NULL;
	memcpy(out, s + n, MAPPA_HEX_LEN);
	out[MAPPA_HEX_LEN] = '\0';
	return s + n + MAPPA_HEX_LEN;
}

int
mappa_provenance_parse(const char *s, struct mappa_provenance *p)
{
	size_t	 n;

	memset(p, 0, sizeof(*p));
	if (strncmp(s, "mappa-report ", 13) != 0)
		return -1;
	s += 13;
	n = strcspn(s, ";");
	if (n == 0 || n >= sizeof(p->version) || s[n] != ';')
		return -1;
	memcpy(p->version, s, n);
	s += n;
	if ((s = take_hash(s, "; snapshot sha256 ", p->snapshot)) == NULL ||
	    (s = take_hash(s, "; template sha256 ", p->template_sha)) == NULL)
		return -1;
	if (strncmp(s, "; previous ", 11) == 0 &&
	    (s = take_hash(s, "; previous snapshot sha256 ", p->previous)) ==
	    NULL)
		return -1;
	if (*s == '\0')
		return 0;
	if ((s = take_hash(s, "; board sha256 ", p->board)) == NULL)
		return -1;
	while (*s != '\0') {
		if (p->nimages == MAPPA_PROVENANCE_IMAGES ||
		    (s = take_hash(s, "; image sha256 ",
		    p->images[p->nimages])) == NULL)
			return -1;
		p->nimages++;
	}
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The PDF string at s (hex <...> or literal (...)) as bytes into out
 * (at most cap - 1, NUL-terminated); returns the length or -1.
 */
static long
pdf_string(const char *s, const char *end, unsigned char *out, size_t cap)
{
	size_t	 n = 0;
	int	 hi = -1, depth = 1, v;

	if (s < end && *s == '<') {
		for (s++; s < end && *s != '>'; s++) {
			if (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
				continue;
			if ((v = hexval((unsigned char)*s)) < 0)
				return -1;
			if (hi < 0) {
				hi = v;
				continue;
			}
			if (n + 1 >= cap)
				return -1;
			out[n++] = (unsigned char)(hi << 4 | v);
			hi = -1;
		}
		if (s == end)
			return -1;
		if (hi >= 0 && n + 1 < cap)	/* a last odd digit: 0 follows */
			out[n++] = (unsigned char)(hi << 4);
	} else if (s < end && *s == '(') {
		for (s++; s < end; s++) {
			int c = (unsigned char)*s;

			if (c == '(')
				depth++;
			else if (c == ')' && --depth == 0)
				break;
			else if (c == '\\' && s + 1 < end) {
				c = (unsigned char)*++s;
				if (c >= '0' && c <= '7') {
					v = c - '0';
					for (int k = 0; k < 2 && s + 1 < end &&
					    s[1] >= '0' && s[1] <= '7'; k++)
						v = v * 8 + (*++s - '0');
					c = v & 0xff;
				} else if (c == 'n')
					c = '\n';
				else if (c == 'r')
					c = '\r';
				else if (c == 't')
					c = '\t';
				else if (c == 'b')
					c = '\b';
				else if (c == 'f')
					c = '\f';
			}
			if (n + 1 >= cap)
				return -1;
			out[n++] = (unsigned char)c;
		}
		if (s == end)
			return -1;
	} else
		return -1;
	out[n] = '\0';
	return (long)n;
}

/* UTF-16BE with a byte order mark down to ASCII (all a provenance has). */
static int
to_ascii(unsigned char *b, long n)
{
	long	 k = 0;

	if (n < 2 || b[0] != 0xfe || b[1] != 0xff)
		return 0;
	if (n % 2 != 0)
		return -1;
	for (long i = 2; i < n; i += 2) {
		if (b[i] != 0 || b[i + 1] >= 0x80)
			return -1;
		b[k++] = b[i + 1];
	}
	b[k] = '\0';
	return 0;
}

/* The first occurrence of a NUL-terminated needle in [s, end). */
static const char *
find(const char *s, const char *end, const char *needle)
{
	size_t	 n = strlen(needle);

	for (; (size_t)(end - s) >= n; s++) {
		s = memchr(s, needle[0], (size_t)(end - s) - n + 1);
		if (s == NULL)
			return NULL;
		if (memcmp(s, needle, n) == 0)
			return s;
	}
	return NULL;
}

int
mappa_provenance_read(const char *path, struct mappa_provenance *p)
{
	static const char key[] = "/Provenance";
	/* UTF-16 of a provenance with a board file's images: up to 13 KB */
	unsigned char	 val[16384];
	char		*buf = NULL;
	const char	*at = NULL, *s, *end;
	size_t		 n = 0, cap = 0;
	ssize_t		 r;
	long		 len;
	int		 fd, rc = -1;

	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	for (;;) {
		buf = mappa_grow(buf, &cap, n + 65536, 1);
		if ((r = read(fd, buf + n, cap - n)) == -1) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > (size_t)PDF_MAX) {
			errno = EFBIG;
			goto out;
		}
	}
	rc = 1;
	end = buf + n;
	/* The last one: an incremental update's info replaces the first. */
	for (s = buf; (s = find(s, end, key))  != NULL;
	    s += sizeof(key) - 1)
		at = s;
	if (at == NULL)
		goto out;
	for (s = at + sizeof(key) - 1; s < end && (*s == ' ' || *s == '\n' ||
	    *s == '\r' || *s == '\t'); s++)
		continue;
	if ((len = pdf_string(s, end, val, sizeof(val))) < 0 ||
	    to_ascii(val, len) == -1)
		goto out;
	if (mappa_provenance_parse((char *)val, p) == 0)
		rc = 0;
out:
	free(buf);
	close(fd);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The verify command. */

/* The installed template with this hash, for a better message; or NULL. */
static char *
template_named(const char *hex)
{
	static const char *const names[] = {
		"england-wales-sopo.xml", "england-wales-shpo.xml"
	};
	unsigned char	 d[MAPPA_SHA256_LEN];
	char		 h[MAPPA_HEX_LEN + 1], *p;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((p = mappa_template_find(names[i])) == NULL)
			continue;
		if (mappa_sha256_file(p, d) == 0) {
			mappa_sha256_hex(d, h);
			if (strcmp(h, hex) == 0)
				return p;
		}
		free(p);
	}
	return NULL;
}

static enum mappa_review_status
differs(const char *report, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static enum mappa_review_status
differs(const char *report, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "%s: not verified: ", report);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return MAPPA_REVIEW_FAILED;
}

/* Hash a snapshot by reading it as render does: it must be valid too. */
static enum mappa_review_status
snapshot_hash(const char *path, char *hex, int32_t *start)
{
	struct mappa_stats s;
	unsigned char	 d[MAPPA_SHA256_LEN];

	switch (mappa_stats_load(path, "nothing verified", &s, d)) {
	case MAPPA_READ_OK:
		break;
	case MAPPA_READ_SYSERR:
		return MAPPA_REVIEW_NOINPUT;
	case MAPPA_READ_INVALID:
		return MAPPA_REVIEW_INVALID;
	default:
		return MAPPA_REVIEW_SOFTWARE;
	}
	if (start != NULL)
		*start = s.period_start;
	mappa_stats_clear(&s);
	mappa_sha256_hex(d, hex);
	return MAPPA_REVIEW_OK;
}

/*
 * Compare two files byte by byte; returns -1 if one can't be read, 0 if
 * they are the same, else 1 with *at the offset (from 1, as cmp counts)
 * of the first difference.
 */
static int
same_bytes(const char *a, const char *b, unsigned long long *at)
{
	FILE	*fa, *fb;
	int	 ca, cb, rc = -1;

	fa = fopen(a, "rb");
	fb = fopen(b, "rb");
	if (fa == NULL || fb == NULL)
		goto out;
	for (*at = 1;; (*at)++) {
		ca = getc(fa);
		cb = getc(fb);
		if (ca != cb) {
			rc = ferror(fa) || ferror(fb) ? -1 : 1;
			break;
		}
		if (ca == EOF) {
			rc = ferror(fa) || ferror(fb) ? -1 : 0;
			break;
		}
	}
out:
	if (fa != NULL)
		fclose(fa);
	if (fb != NULL)
		fclose(fb);
	return rc;
}

enum mappa_review_status
mappa_verify(const struct mappa_verify_options *o)
{
	struct mappa_provenance prov;
	struct mappa_render_options ro;
	unsigned char	 d[MAPPA_SHA256_LEN];
	char		 shex[MAPPA_HEX_LEN + 1], thex[MAPPA_HEX_LEN + 1];
	char		 phex[MAPPA_HEX_LEN + 1];
	char		*tpath = NULL, *named = NULL, *tmp = NULL;
	char		*bpath = NULL, bhex[MAPPA_HEX_LEN + 1];
	struct mappa_board *board = NULL;
	struct mappa_diag bdiag;
	const char	*dir;
	enum mappa_review_status rc;
	unsigned long long at;
	int32_t		 start;
	int		 fd;
	size_t		 n;

	switch (mappa_provenance_read(o->report, &prov)) {
	case -1:
		fprintf(stderr, "mappa-report: cannot read %s: %s\n",
		    o->report, strerror(errno));
		return MAPPA_REVIEW_NOINPUT;
	case 1:
		return differs(o->report, "it records no provenance of a "
		    "report rendered by mappa-report");
	default:
		break;
	}
	if ((rc = snapshot_hash(o->snapshot, shex, &start)) !=
	    MAPPA_REVIEW_OK)
		return rc;
	if ((tpath = mappa_template_resolve(o->template_path, start,
	    stderr)) == NULL)
		return MAPPA_REVIEW_NOINPUT;
	if (mappa_sha256_file(tpath, d) == -1) {
		fprintf(stderr, "mappa-report: cannot read template %s: %s\n",
		    tpath, strerror(errno));
		rc = MAPPA_REVIEW_NOINPUT;
		goto out;
	}
	mappa_sha256_hex(d, thex);
	if (o->previous != NULL && (rc = snapshot_hash(o->previous, phex,
	    NULL)) != MAPPA_REVIEW_OK)
		goto out;

	if (strcmp(prov.version, MAPPA_VERSION) != 0) {
		rc = differs(o->report, "made by mappa-report %s, and this is "
		    "%s: regenerate it with that version", prov.version,
		    MAPPA_VERSION);
		goto out;
	}
	if (strcmp(prov.snapshot, shex) != 0) {
		rc = differs(o->report, "snapshot hash differs: report says "
		    "%s, %s is %s", prov.snapshot, o->snapshot, shex);
		goto out;
	}
	if (strcmp(prov.template_sha, thex) != 0) {
		named = template_named(prov.template_sha);
		rc = differs(o->report, "template hash differs: report says "
		    "%s, template %s is %s%s%s%s", prov.template_sha, tpath,
		    thex, named != NULL ? " (the report's is " : "",
		    named != NULL ? named : "", named != NULL ? ")" : "");
		goto out;
	}
	if (prov.previous[0] != '\0' && o->previous == NULL) {
		rc = differs(o->report, "it shows a previous year's figures "
		    "too (snapshot sha256 %s): give that snapshot with "
		    "--previous", prov.previous);
		goto out;
	}
	if (o->previous != NULL && strcmp(prov.previous, phex) != 0) {
		rc = differs(o->report, "previous snapshot hash differs: report "
		    "says %s, %s is %s", prov.previous[0] != '\0' ?
		    prov.previous : "none", o->previous, phex);
		goto out;
	}

	/* The board file, and each of its images, by hash. */
	bpath = o->board != NULL ? mappa_strdup(o->board) :
	    mappa_board_beside(o->snapshot);
	if (bpath == NULL && prov.board[0] != '\0') {
		rc = differs(o->report, "it was made with a board file (sha256 "
		    "%s): give it with --board", prov.board);
		goto out;
	}
	if (bpath != NULL) {
		mappa_diag_init(&bdiag, bpath, stderr);
		if ((board = mappa_board_parse_file(bpath, &bdiag)) == NULL) {
			if (bdiag.errors > 0) {
				mappa_diag_summary(&bdiag, "nothing verified");
				rc = MAPPA_REVIEW_INVALID;
			} else {
				fprintf(stderr, "mappa-report: cannot read "
				    "board file %s: %s\n", bpath,
				    strerror(errno));
				rc = MAPPA_REVIEW_NOINPUT;
			}
			goto out;
		}
		mappa_sha256_hex(mappa_board_sha256(board), bhex);
		if (strcmp(prov.board, bhex) != 0) {
			rc = differs(o->report, "board file hash differs: "
			    "report says %s, %s is %s", prov.board[0] != '\0' ?
			    prov.board : "none", bpath, bhex);
			goto out;
		}
		for (size_t i = 0; i < mappa_board_images(board); i++) {
			mappa_sha256_hex(mappa_board_image_sha256(board, i),
			    bhex);
			if (i >= prov.nimages ||
			    strcmp(prov.images[i], bhex) != 0) {
				rc = differs(o->report, "image hash differs: "
				    "report says %s, %s (of %s) is %s",
				    i < prov.nimages ? prov.images[i] : "none",
				    mappa_board_image_name(board, i), bpath,
				    bhex);
				goto out;
			}
		}
		if (prov.nimages != mappa_board_images(board)) {
			rc = differs(o->report, "the report was made with %zu "
			    "images, and %s names %zu", prov.nimages, bpath,
			    mappa_board_images(board));
			goto out;
		}
	}

	/* Render again beside nothing of the user's: a private file. */
	dir = getenv("TMPDIR");
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = strlen(dir) + 32;
	tmp = mappa_malloc(n);
	snprintf(tmp, n, "%s/mappa-verify-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) == -1) {
		fprintf(stderr, "mappa-report: cannot create a temporary file "
		    "in %s: %s\n", dir, strerror(errno));
		free(tmp);
		tmp = NULL;
		rc = MAPPA_REVIEW_CANTCREAT;
		goto out;
	}
	close(fd);
	memset(&ro, 0, sizeof(ro));
	ro.snapshot = o->snapshot;
	ro.output = tmp;
	ro.template_path = tpath;
	ro.previous = o->previous;
	ro.board = bpath;
	switch (mappa_render(&ro)) {
	case MAPPA_RENDER_OK:
		break;
	case MAPPA_RENDER_INVALID:
		rc = MAPPA_REVIEW_INVALID;
		goto out;
	case MAPPA_RENDER_NOINPUT:
		rc = MAPPA_REVIEW_NOINPUT;
		goto out;
	case MAPPA_RENDER_CANTCREAT:
		rc = MAPPA_REVIEW_CANTCREAT;
		goto out;
	default:
		rc = MAPPA_REVIEW_SOFTWARE;
		goto out;
	}
	switch (same_bytes(o->report, tmp, &at)) {
	case 0:
		printf("%s: verified: produced by mappa-report %s from %s "
		    "(sha256 %s) and template %s (sha256 %s)", o->report,
		    prov.version, o->snapshot, shex, tpath, thex);
		if (o->previous != NULL)
			printf(" with the previous year's %s (sha256 %s)",
			    o->previous, phex);
		if (board != NULL)
			printf(" and board file %s (sha256 %s, with %zu "
			    "image%s)", bpath, prov.board,
			    mappa_board_images(board),
			    mappa_board_images(board) == 1 ? "" : "s");
		putchar('\n');
		rc = fflush(stdout) == 0 ? MAPPA_REVIEW_OK :
		    MAPPA_REVIEW_CANTCREAT;
		break;
	case 1:
		rc = differs(o->report, "regenerated PDF differs at byte %llu%s",
		    at, getenv("SOURCE_DATE_EPOCH") != NULL ? " (is "
		    "SOURCE_DATE_EPOCH set as it was when the report was "
		    "made?)" : "");
		break;
	default:
		fprintf(stderr, "mappa-report: cannot compare %s with the "
		    "regenerated PDF: %s\n", o->report, strerror(errno));
		rc = MAPPA_REVIEW_NOINPUT;
		break;
	}
out:
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(named);
	free(tpath);
	free(bpath);
	mappa_board_free(board);
	return rc;
}
