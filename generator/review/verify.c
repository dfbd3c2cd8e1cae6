/* verify.c: a PDF's provenance, and the verify command that checks it by rendering again; for main.c through review.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "mappa/output.h"
#include "mappa/report.h"
#include "mappa/review.h"
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
	/* a board file's, then each of its images' (board.h) */
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

/*
 * The whole of a file (a report is a few hundred kilobytes), read once so
 * that a pipe or FIFO can be verified too.  Returns 0 with *bufp for the
 * caller to free, or -1 with errno set.
 */
static int
slurp(const char *path, char **bufp, size_t *np)
{
	char	*buf = NULL;
	size_t	 n = 0, cap = 0;
	ssize_t	 r;
	int	 fd, e;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	for (;;) {
		buf = mappa_grow(buf, &cap, n + 65536, 1);
		if ((r = read(fd, buf + n, cap - n)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > (size_t)PDF_MAX) {
			errno = EFBIG;
			goto fail;
		}
	}
	if (fd != STDIN_FILENO)
		close(fd);
	*bufp = buf;
	*np = n;
	return 0;
fail:
	e = errno;
	free(buf);
	if (fd != STDIN_FILENO)
		close(fd);
	errno = e;
	return -1;
}

/* The provenance in a PDF's bytes: 0, or 1 if it has none. */
static int
provenance_find(const char *buf, size_t n, struct mappa_provenance *p)
{
	static const char key[] = "/Provenance";
	/* UTF-16 of a provenance with a board file's images: up to 13 KB */
	unsigned char	 val[16384];
	const char	*at = NULL, *s, *end = buf + n;
	long		 len;

	/* The last one: an incremental update's info replaces the first. */
	for (s = buf; (s = find(s, end, key))  != NULL;
	    s += sizeof(key) - 1)
		at = s;
	if (at == NULL)
		return 1;
	for (s = at + sizeof(key) - 1; s < end && (*s == ' ' || *s == '\n' ||
	    *s == '\r' || *s == '\t'); s++)
		continue;
	if ((len = pdf_string(s, end, val, sizeof(val))) < 0 ||
	    to_ascii(val, len) == -1)
		return 1;
	return mappa_provenance_parse((char *)val, p) == 0 ? 0 : 1;
}

int
mappa_provenance_read(const char *path, struct mappa_provenance *p)
{
	char	*buf;
	size_t	 n;
	int	 rc;

	if (slurp(path, &buf, &n) == -1)
		return -1;
	rc = provenance_find(buf, n, p);
	free(buf);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The verify command. */

/* The installed template with this hash, for a better message; or NULL. */
static char *
template_named(const char *hex)
{
	static const char *const names[] = {
		"england-wales-sopo.xml", "england-wales-shpo.xml",
		"england-wales-sopo.cy.xml", "england-wales-shpo.cy.xml"
	};
	unsigned char	 d[MAPPA_SHA256_LEN];
	char		 h[MAPPA_HEX_LEN + 1], *p;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((p = mappa_report_find_template(names[i])) == NULL)
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

static enum mappa_outcome
differs(const char *report, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static enum mappa_outcome
differs(const char *report, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "%s: not verified: ", report);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return MAPPA_DIFFERS;
}

/*
 * Compare bytes with a file; returns -1 if it can't be read, 0 if they
 * are the same, else 1 with *at the offset (from 1, as cmp counts) of the
 * first difference.
 */
static int
same_bytes(const char *a, size_t n, const char *path, unsigned long long *at)
{
	FILE	*f;
	size_t	 i = 0;
	int	 c, rc;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	while ((c = getc(f)) != EOF && i < n && (unsigned char)a[i] == c)
		i++;
	*at = (unsigned long long)i + 1;
	rc = ferror(f) ? -1 : c == EOF && i == n ? 0 : 1;
	fclose(f);
	return rc;
}

/* Whether what the report records is what was read this time. */
static enum mappa_outcome
check_hashes(const struct mappa_verify_options *o,
    const struct mappa_provenance *prov, const struct mappa_provenance *made,
    const char *tpath)
{
	enum mappa_outcome rc;
	char	*named;

	if (strcmp(prov->snapshot, made->snapshot) != 0)
		return differs(o->report, "snapshot hash differs: report says "
		    "%s, %s is %s", prov->snapshot, o->snapshot,
		    made->snapshot);
	if (strcmp(prov->template_sha, made->template_sha) != 0) {
		named = template_named(prov->template_sha);
		rc = differs(o->report, "template hash differs: report says "
		    "%s, template %s is %s%s%s%s", prov->template_sha, tpath,
		    made->template_sha, named != NULL ? " (the report's is " :
		    "", named != NULL ? named : "", named != NULL ? ")" : "");
		free(named);
		return rc;
	}
	if (prov->previous[0] != '\0' && o->previous == NULL)
		return differs(o->report, "it shows a previous year's figures "
		    "too (snapshot sha256 %s): give that snapshot with "
		    "--previous", prov->previous);
	if (o->previous != NULL && strcmp(prov->previous, made->previous) != 0)
		return differs(o->report, "previous snapshot hash differs: "
		    "report says %s, %s is %s", prov->previous[0] != '\0' ?
		    prov->previous : "none", o->previous, made->previous);
	if (prov->board[0] != '\0' && made->board[0] == '\0')
		return differs(o->report, "it was made with a board file "
		    "(sha256 %s): give it with --board", prov->board);
	if (strcmp(prov->board, made->board) != 0)
		return differs(o->report, "board file hash differs: report "
		    "says %s, %s is %s", prov->board[0] != '\0' ? prov->board :
		    "none", made->board_path, made->board);
	for (size_t i = 0; i < made->nimages; i++)
		if (i >= prov->nimages || strcmp(prov->images[i],
		    made->images[i]) != 0)
			return differs(o->report, "image hash differs: report "
			    "says %s, %s (of %s) is %s", i < prov->nimages ?
			    prov->images[i] : "none", made->image_names[i],
			    made->board_path, made->images[i]);
	if (prov->nimages != made->nimages)
		return differs(o->report, "the report was made with %zu "
		    "images, and %s names %zu", prov->nimages,
		    made->board_path, made->nimages);
	return MAPPA_OK;
}

/*
 * A private temporary file for the regenerated report, registered so that
 * an interruption leaves nothing behind.  Returns its path for the caller
 * to unlink, forget and free, or NULL after saying why.
 */
static char *
temp_report(void)
{
	const char	*dir = getenv("TMPDIR");
	char		*tmp;
	size_t		 n;
	int		 fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	n = strlen(dir) + 32;
	tmp = mappa_malloc(n);
	snprintf(tmp, n, "%s/mappa-verify-XXXXXX", dir);
	if ((fd = mkstemp(tmp)) == -1 || mappa_tmp_register(tmp, 0) == -1) {
		fprintf(stderr, "mappa-report: cannot create a temporary file "
		    "in %s: %s\n", dir, strerror(errno));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

enum mappa_outcome
mappa_verify(const struct mappa_verify_options *o)
{
	struct mappa_provenance prov, made;
	struct mappa_report_options ro;
	enum mappa_outcome rc;
	unsigned long long at;
	char		*report = NULL, *tmp = NULL, *tpath = NULL, *named;
	size_t		 n;

	/* Each input is read once: the report here, the rest by render. */
	if (slurp(o->report, &report, &n) == -1) {
		fprintf(stderr, "mappa-report: cannot read %s: %s\n",
		    o->report, strerror(errno));
		return MAPPA_NOINPUT;
	}
	if (provenance_find(report, n, &prov) != 0) {
		rc = differs(o->report, "it records no provenance of a "
		    "report rendered by mappa-report");
		goto out;
	}
	if (strcmp(prov.version, MAPPA_VERSION) != 0) {
		rc = differs(o->report, "made by mappa-report %s, and this is "
		    "%s: regenerate it with that version", prov.version,
		    MAPPA_VERSION);
		goto out;
	}
	if ((tmp = temp_report()) == NULL) {
		rc = MAPPA_CANTCREAT;
		goto out;
	}
	memset(&ro, 0, sizeof(ro));
	ro.snapshot = o->snapshot;
	ro.output = tmp;
	ro.template_path = o->template_path;
	ro.previous = o->previous;
	ro.board = o->board;
	ro.lang = o->lang;
	/*
	 * A Welsh edition made with the era's Welsh template is verified
	 * as one without being told: its provenance names that template.
	 */
	if (o->template_path == NULL && o->lang == NULL &&
	    (named = template_named(prov.template_sha)) != NULL) {
		size_t	 nl = strlen(named);

		if (nl > 7 && strcmp(named + nl - 7, ".cy.xml") == 0)
			ro.lang = "cy";
		free(named);
	}
	if ((rc = mappa_report_render(&ro, &made, &tpath)) != MAPPA_OK ||
	    (rc = check_hashes(o, &prov, &made, tpath)) != MAPPA_OK)
		goto out;
	switch (same_bytes(report, n, tmp, &at)) {
	case 0:
		printf("%s: verified: produced by mappa-report %s from %s "
		    "(sha256 %s) and template %s (sha256 %s)", o->report,
		    prov.version, o->snapshot, made.snapshot, tpath,
		    made.template_sha);
		if (o->previous != NULL)
			printf(" with the previous year's %s (sha256 %s)",
			    o->previous, made.previous);
		if (made.board[0] != '\0')
			printf(" and board file %s (sha256 %s, with %zu "
			    "image%s)", made.board_path, made.board,
			    made.nimages, made.nimages == 1 ? "" : "s");
		putchar('\n');
		rc = fflush(stdout) == 0 ? MAPPA_OK : MAPPA_CANTCREAT;
		break;
	case 1:
		rc = differs(o->report, "regenerated PDF differs at byte %llu%s",
		    at, getenv("SOURCE_DATE_EPOCH") != NULL ? " (is "
		    "SOURCE_DATE_EPOCH set as it was when the report was "
		    "made?)" : " (if SOURCE_DATE_EPOCH was set when the report "
		    "was made, set it to the same value and verify again)");
		break;
	default:
		fprintf(stderr, "mappa-report: cannot compare %s with the "
		    "regenerated PDF: %s\n", o->report, strerror(errno));
		rc = MAPPA_NOINPUT;
		break;
	}
out:
	if (tmp != NULL) {
		unlink(tmp);
		mappa_tmp_forget(tmp);
		free(tmp);
	}
	free(tpath);
	free(report);
	return rc;
}
