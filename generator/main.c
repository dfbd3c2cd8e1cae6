/* main.c: the command line of mappa-report; the only place that exits. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "mappa/diag.h"
#include "mappa/msg.h"
#include "mappa/outcome.h"
#include "mappa/output.h"
#include "mappa/report.h"
#include "mappa/review.h"
#include "mappa/snapshot.h"
#include "mappa/stats.h"
#include "mappa/synth.h"
#include "mappa/template.h"
#include "mappa/util.h"

static const char *const usage_text =
"usage: mappa-report COMMAND [OPTION]... [FILE]...\n"
"\n"
"Turn a register snapshot (XML) into the MAPPA annual report: its figures\n"
"and the typeset PDF.\n"
"\n"
"Commands:\n"
"  validate SNAPSHOT [--schema]\n"
"                             check a snapshot; print only its problems\n"
"                             (--schema: also against snapshot.xsd)\n"
"  stats SNAPSHOT [--format json|csv] [-o FILE]\n"
"                             print the statistics (JSON by default)\n"
"  generate [--offenders N] [--seed S] [--profile FILE] [-o FILE]\n"
"                             write a synthetic snapshot: N records of\n"
"                             realistic proportions (default 1000), or\n"
"                             exactly the figures of a profile\n"
"  render SNAPSHOT -o FILE [--template T] [--previous SNAPSHOT]\n"
"         [--format pdf|html|ods]\n"
"         [--board BOARD.xml] [--final] [--lang en|cy]\n"
"                             typeset the annual report as PDF, from the\n"
"                             era's default template or T (a file, or a\n"
"                             template's name), with the previous year's\n"
"                             figures and the change if --previous is given;\n"
"                             or write it as one accessible HTML file, or\n"
"                             its tables as a spreadsheet (also chosen by an\n"
"                             output name ending .html or .ods)\n"
"                             the board's words from BOARD.xml (default:\n"
"                             NAME.board.xml beside NAME.xml, if any);\n"
"                             --final refuses a template's placeholder;\n"
"                             --lang cy makes the Welsh edition (the era's\n"
"                             Welsh template, the board's lang=\"cy\" words)\n"
"  compare SNAPSHOT... -o FILE [--format pdf|csv|json|ods] [--any-area]\n"
"          [--template FILE]\n"
"                             set two or more years of one area side by side,\n"
"                             in period order, with the change and the\n"
"                             percentage change from the previous year\n"
"  verify REPORT SNAPSHOT [--template T] [--previous SNAPSHOT]\n"
"         [--board BOARD.xml] [--lang en|cy]\n"
"                             check that REPORT was rendered from these\n"
"                             inputs (exit 0) or say why not (exit 1)\n"
"  batch ARCHIVE_DIR -o OUT_DIR [-j N] [--template T]\n"
"                             render every *.xml under ARCHIVE_DIR into the\n"
"                             same place under OUT_DIR, N at a time (default\n"
"                             one per core), skipping reports up to date;\n"
"                             a board file with Welsh words gives a Welsh\n"
"                             edition too (NAME.cy.pdf)\n"
"                             exit 1 if any snapshot failed\n"
"\n"
"Options:\n"
"  -h, --help                 show this help and exit\n"
"  -V, --version              show the version and exit\n"
"\n"
"SNAPSHOT or FILE may be '-' for standard input or output.\n"
"Exit status: 0 success (1: verify found a difference, batch a failure),\n"
"64 usage error, 65 invalid snapshot or template,\n"
"66 input missing or unreadable, 70 internal error, 73 output can't be\n"
"written.  See mappa-report(1).\n";

static int usage_error(const char *, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

static int
usage_error(const char *fmt, ...)
{
	va_list	 ap;

	fputs("mappa-report: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'mappa-report --help'.\n", stderr);
	return MAPPA_EXIT_USAGE;
}

/* The exit status of an outcome (mappa-report(1)): the one mapping. */
static int
exit_status(enum mappa_outcome rc)
{
	switch (rc) {
	case MAPPA_OK:
		return MAPPA_EXIT_OK;
	case MAPPA_DIFFERS:
		return 1;
	case MAPPA_USAGE:
		return MAPPA_EXIT_USAGE;
	case MAPPA_INVALID:
		return MAPPA_EXIT_DATAERR;
	case MAPPA_NOINPUT:
		return MAPPA_EXIT_NOINPUT;
	case MAPPA_CANTCREAT:
		return MAPPA_EXIT_CANTCREAT;
	case MAPPA_SOFTWARE:
	default:
		return MAPPA_EXIT_SOFTWARE;
	}
}

/* The file name diagnostics show for a path. */
static const char *
shown_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Every option of every command; each command accepts some of them. */
enum opt {
	OPT_OUTPUT = 1 << 0,
	OPT_FORMAT = 1 << 1,
	OPT_PROFILE = 1 << 2,
	OPT_OFFENDERS = 1 << 3,
	OPT_SEED = 1 << 4,
	OPT_TEMPLATE = 1 << 5,
	OPT_PREVIOUS = 1 << 6,
	OPT_JOBS = 1 << 7,
	OPT_ANY_AREA = 1 << 8,
	OPT_SCHEMA = 1 << 9,
	OPT_BOARD = 1 << 10,
	OPT_FINAL = 1 << 11,
	OPT_LANG = 1 << 12
};

struct opts {
	const char	*output;
	const char	*format;
	const char	*profile;
	const char	*offenders;
	const char	*seed;
	const char	*template_path;
	const char	*previous;
	const char	*jobs;
	bool		 any_area;
	bool		 schema;
	const char	*board;
	bool		 final;
	const char	*lang;
	char *const	*args;		/* the operands after the options */
	int		 nargs;
};

/*
 * Parse the options of command `cmd`, refusing those not in `allowed`.
 * Returns 0, or -1 with the exit status in *status (--help: 0).
 */
static int
parse_opts(int argc, char *argv[], const char *cmd, unsigned allowed,
    struct opts *o, int *status)
{
	static const struct option longopts[] = {
		{"output", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"profile", required_argument, NULL, 'p'},
		{"offenders", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 's'},
		{"template", required_argument, NULL, 't'},
		{"previous", required_argument, NULL, 'P'},
		{"jobs", required_argument, NULL, 'j'},
		{"any-area", no_argument, NULL, 'a'},
		{"schema", no_argument, NULL, 'S'},
		{"board", required_argument, NULL, 'B'},
		{"final", no_argument, NULL, 'F'},
		{"lang", required_argument, NULL, 'L'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0}
	};
	/* In the order of longopts. */
	static const struct {
		int		 c;
		unsigned	 bit;
	} bits[] = {
		{'o', OPT_OUTPUT}, {'f', OPT_FORMAT}, {'p', OPT_PROFILE},
		{'n', OPT_OFFENDERS}, {'s', OPT_SEED}, {'t', OPT_TEMPLATE},
		{'P', OPT_PREVIOUS}, {'j', OPT_JOBS}, {'a', OPT_ANY_AREA},
		{'S', OPT_SCHEMA}, {'B', OPT_BOARD}, {'F', OPT_FINAL},
		{'L', OPT_LANG},
	};
	int	 c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:f:j:h", longopts, NULL)) != -1) {
		for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
			if (bits[i].c == c && !(allowed & bits[i].bit)) {
				*status = usage_error("%s has no option "
				    "'--%s'", cmd, longopts[i].name);
				return -1;
			}
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'p':
			o->profile = optarg;
			break;
		case 'n':
			o->offenders = optarg;
			break;
		case 's':
			o->seed = optarg;
			break;
		case 't':
			o->template_path = optarg;
			break;
		case 'P':
			o->previous = optarg;
			break;
		case 'j':
			o->jobs = optarg;
			break;
		case 'a':
			o->any_area = true;
			break;
		case 'S':
			o->schema = true;
			break;
		case 'B':
			o->board = optarg;
			break;
		case 'F':
			o->final = true;
			break;
		case 'L':
			/* the editions there are templates for */
			if (!mappa_lang_same(optarg, "en") &&
			    !mappa_lang_same(optarg, "cy")) {
				*status = usage_error("--lang %s: the report "
				    "comes in English (en) or Welsh (cy)",
				    optarg);
				return -1;
			}
			o->lang = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			*status = MAPPA_EXIT_OK;
			return -1;
		case ':':
			*status = usage_error("option '%s' needs a value",
			    argv[optind - 1]);
			return -1;
		default:
			*status = usage_error("unknown option '%s'",
			    argv[optind - 1]);
			return -1;
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return 0;
}

static int
cmd_validate(const struct opts *o)
{
	struct mappa_handler h = {NULL, NULL, NULL, NULL, 0};
	struct mappa_diag diag;
	enum mappa_read_status st;

	if (o->nargs != 1)
		return usage_error("%s needs exactly one SNAPSHOT file",
		    "validate");
	mappa_diag_init(&diag, shown_name(o->args[0]), stderr);
	h.flags = o->schema ? MAPPA_READ_SCHEMA : 0;
	st = mappa_snapshot_read(o->args[0], &diag, &h);
	mappa_snapshot_say(st, o->args[0], &diag, "no report written");
	return exit_status(mappa_stats_outcome(st));
}

static int
cmd_stats(const struct opts *o)
{
	struct mappa_stats s;
	struct mappa_out out;
	enum mappa_stats_format fmt = MAPPA_FORMAT_JSON;
	enum mappa_outcome rc;
	const char	*path;

	if (o->format != NULL) {
		if (strcmp(o->format, "json") == 0)
			fmt = MAPPA_FORMAT_JSON;
		else if (strcmp(o->format, "csv") == 0)
			fmt = MAPPA_FORMAT_CSV;
		else
			return usage_error("unknown format '%s'; use json or "
			    "csv", o->format);
	}
	if (o->nargs != 1)
		return usage_error("%s needs exactly one SNAPSHOT file",
		    "stats");
	path = o->args[0];

	/* Read all before creating anything: a bad snapshot writes nothing. */
	if ((rc = mappa_stats_load(path, "no report written", &s, NULL)) !=
	    MAPPA_OK)
		return exit_status(rc);
	if (o->output != NULL &&
	    mappa_out_check_inputs(o->output, &path, 1) == -1) {
		mappa_stats_clear(&s);
		return MAPPA_EXIT_USAGE;
	}

	if (mappa_out_open(&out, o->output ? o->output : "-") == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n",
		    o->output, strerror(errno));
		mappa_stats_clear(&s);
		return MAPPA_EXIT_CANTCREAT;
	}
	if (mappa_stats_write(out.f, &s, fmt) == -1 ||
	    mappa_out_commit(&out) == -1) {
		fprintf(stderr, "mappa-report: cannot write %s: %s\n",
		    o->output ? o->output : "standard output", strerror(errno));
		if (out.f != NULL)
			mappa_out_abort(&out);
		mappa_stats_clear(&s);
		return MAPPA_EXIT_CANTCREAT;
	}
	mappa_stats_clear(&s);
	return MAPPA_EXIT_OK;
}

/* A whole number for an option, or -1 after a usage message. */
static int
number(const char *opt, const char *text, uint64_t max, uint64_t *out)
{
	char	*end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (*text < '0' || *text > '9' || *end != '\0' || errno != 0 ||
	    v > max) {
		usage_error("%s '%s' must be a whole number from 0 to %llu",
		    opt, text, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

static int
cmd_generate(const struct opts *o)
{
	struct mappa_synth_options so;
	struct mappa_stats target;
	struct mappa_diag diag;
	struct mappa_out out;
	uint64_t	 n = 1000, seed;
	char		 why[512];

	if (o->nargs != 0)
		return usage_error("generate takes no FILE operand");
	if (o->profile != NULL && o->offenders != NULL)
		return usage_error("give --offenders or --profile, not both");
	mappa_synth_options_init(&so);
	if (o->seed != NULL) {
		if (number("--seed", o->seed, UINT64_MAX, &seed) == -1)
			return MAPPA_EXIT_USAGE;
		so.seed = seed;
	}
	memset(&target, 0, sizeof(target));
	if (o->profile != NULL) {
		mappa_diag_init(&diag, o->profile, stderr);
		if (mappa_synth_profile_read(o->profile, &diag, &target,
		    &so) == -1) {
			mappa_stats_clear(&target);
			if (diag.errors == 0) {
				fprintf(stderr, "mappa-report: cannot read "
				    "%s: %s\n", o->profile, strerror(errno));
				return MAPPA_EXIT_NOINPUT;
			}
			mappa_diag_summary(&diag, "nothing generated");
			return MAPPA_EXIT_DATAERR;
		}
		/* --seed on the command line wins over the profile's. */
		if (o->seed != NULL)
			so.seed = seed;
	} else {
		if (o->offenders != NULL && number("--offenders", o->offenders,
		    MAPPA_SYNTH_MAX / 10, &n) == -1)
			return MAPPA_EXIT_USAGE;
		mappa_synth_random_target(n, so.seed, &target);
	}
	if (mappa_synth_check(&target, why, sizeof(why)) == -1) {
		fprintf(stderr, "mappa-report: %s: these figures can't be met "
		    "together: %s\n", o->profile ? o->profile : "target", why);
		mappa_stats_clear(&target);
		return MAPPA_EXIT_DATAERR;
	}
	if (mappa_out_open(&out, o->output ? o->output : "-") == -1) {
		fprintf(stderr, "mappa-report: cannot create %s: %s\n",
		    o->output, strerror(errno));
		mappa_stats_clear(&target);
		return MAPPA_EXIT_CANTCREAT;
	}
	if (mappa_synth_write(out.f, &target, &so, NULL) == -1 ||
	    mappa_out_commit(&out) == -1) {
		fprintf(stderr, "mappa-report: cannot write %s: %s\n",
		    o->output ? o->output : "standard output", strerror(errno));
		if (out.f != NULL)
			mappa_out_abort(&out);
		mappa_stats_clear(&target);
		return MAPPA_EXIT_CANTCREAT;
	}
	mappa_stats_clear(&target);
	return MAPPA_EXIT_OK;
}

/* Whether a file name ends with ext (".ods"): a name can pick a format. */
static int
ends_with(const char *name, const char *ext)
{
	size_t	 n = strlen(name), e = strlen(ext);

	return n > e && strcmp(name + n - e, ext) == 0;
}

static int
cmd_render(const struct opts *o)
{
	struct mappa_report_options ro;
	int		 status;

	if (o->nargs != 1)
		return usage_error("%s needs exactly one SNAPSHOT file",
		    "render");
	if (o->output == NULL)
		return usage_error("render needs -o FILE for the PDF");
	if (o->previous != NULL && strcmp(o->previous, "-") == 0 &&
	    strcmp(o->args[0], "-") == 0)
		return usage_error("only one snapshot can come from standard "
		    "input");
	memset(&ro, 0, sizeof(ro));
	ro.format = MAPPA_REPORT_PDF;
	if (o->format != NULL) {
		if (strcmp(o->format, "pdf") == 0)
			ro.format = MAPPA_REPORT_PDF;
		else if (strcmp(o->format, "html") == 0)
			ro.format = MAPPA_REPORT_HTML;
		else if (strcmp(o->format, "ods") == 0)
			ro.format = MAPPA_REPORT_ODS;
		else
			return usage_error("unknown format '%s'; use pdf, html "
			    "or ods", o->format);
	} else if (ends_with(o->output, ".html") ||
	    ends_with(o->output, ".htm"))
		ro.format = MAPPA_REPORT_HTML;
	else if (ends_with(o->output, ".ods"))
		ro.format = MAPPA_REPORT_ODS;
	ro.snapshot = o->args[0];
	ro.output = o->output;
	ro.template_path = o->template_path;
	ro.previous = o->previous;
	ro.board = o->board;
	ro.final = o->final;
	ro.lang = o->lang;
	ro.any_area = o->any_area;
	status = exit_status(mappa_report_render(&ro, NULL, NULL));
	mappa_template_cleanup();
	return status;
}

static int
cmd_compare(const struct opts *o)
{
	struct mappa_compare_options co;
	int		 stdin_used = 0, status;

	if (o->nargs < 2)
		return usage_error("compare needs two or more SNAPSHOT files");
	if (o->output == NULL)
		return usage_error("compare needs -o FILE");
	memset(&co, 0, sizeof(co));
	co.format = MAPPA_COMPARE_PDF;
	if (o->format != NULL) {
		if (strcmp(o->format, "pdf") == 0)
			co.format = MAPPA_COMPARE_PDF;
		else if (strcmp(o->format, "csv") == 0)
			co.format = MAPPA_COMPARE_CSV;
		else if (strcmp(o->format, "json") == 0)
			co.format = MAPPA_COMPARE_JSON;
		else if (strcmp(o->format, "ods") == 0)
			co.format = MAPPA_COMPARE_ODS;
		else
			return usage_error("unknown format '%s'; use pdf, csv, "
			    "json or ods", o->format);
	} else if (ends_with(o->output, ".ods"))
		co.format = MAPPA_COMPARE_ODS;
	for (int i = 0; i < o->nargs; i++)
		if (strcmp(o->args[i], "-") == 0 && stdin_used++)
			return usage_error("only one snapshot can come from "
			    "standard input");
	co.snapshots = (const char *const *)o->args;
	co.nsnapshots = (size_t)(o->nargs);
	co.output = o->output;
	co.any_area = o->any_area;
	co.template_path = o->template_path;
	status = exit_status(mappa_compare(&co));
	mappa_template_cleanup();
	return status;
}

static int
cmd_verify(const struct opts *o)
{
	struct mappa_verify_options vo;
	int		 status;

	if (o->nargs != 2)
		return usage_error("verify needs a REPORT and its SNAPSHOT");
	if ((strcmp(o->args[0], "-") == 0) + (strcmp(o->args[1], "-") == 0) +
	    (o->previous != NULL && strcmp(o->previous, "-") == 0) > 1)
		return usage_error("only one file can come from standard "
		    "input");
	memset(&vo, 0, sizeof(vo));
	vo.report = o->args[0];
	vo.snapshot = o->args[1];
	vo.template_path = o->template_path;
	vo.previous = o->previous;
	vo.board = o->board;
	vo.lang = o->lang;
	status = exit_status(mappa_verify(&vo));
	mappa_template_cleanup();
	return status;
}

static int
cmd_batch(const struct opts *o)
{
	struct mappa_batch_options bo;
	enum mappa_outcome rc;
	uint64_t	 jobs = 0;

	if (o->nargs != 1)
		return usage_error("batch needs exactly one ARCHIVE_DIR");
	if (o->output == NULL)
		return usage_error("batch needs -o OUT_DIR");
	if (o->jobs != NULL) {
		if (number("-j", o->jobs, 1024, &jobs) == -1)
			return MAPPA_EXIT_USAGE;
		if (jobs == 0)
			return usage_error("-j must be at least 1");
	}
	memset(&bo, 0, sizeof(bo));
	bo.archive = o->args[0];
	bo.output = o->output;
	bo.template_path = o->template_path;
	bo.jobs = (unsigned)jobs;
	rc = mappa_batch(&bo);
	mappa_template_cleanup();
	/* A worker's job is done: it ends here with its own status. */
	if (bo.worker)
		return bo.worker_exit;
	return exit_status(rc);
}

static const struct command {
	const char	*name;
	int		(*run)(const struct opts *);
	unsigned	 options;	/* enum opt: those it accepts */
} commands[] = {
	{"validate", cmd_validate, OPT_SCHEMA},
	{"stats", cmd_stats, OPT_OUTPUT | OPT_FORMAT},
	{"generate", cmd_generate, OPT_OUTPUT | OPT_PROFILE | OPT_OFFENDERS |
	    OPT_SEED},
	{"render", cmd_render, OPT_OUTPUT | OPT_TEMPLATE | OPT_PREVIOUS |
	    OPT_ANY_AREA | OPT_FORMAT | OPT_BOARD | OPT_FINAL | OPT_LANG},
	{"compare", cmd_compare, OPT_OUTPUT | OPT_FORMAT | OPT_ANY_AREA |
	    OPT_TEMPLATE},
	{"verify", cmd_verify, OPT_TEMPLATE | OPT_PREVIOUS | OPT_BOARD |
	    OPT_LANG},
	{"batch", cmd_batch, OPT_OUTPUT | OPT_JOBS | OPT_TEMPLATE},
};

/*
 * Descriptors 0 to 2 open, on /dev/null if they were closed (2>&-): else
 * the first file opened would take their number, and warnings meant for
 * standard error would be written into the report.
 */
static int
std_fds(void)
{
	int	 fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		continue;
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int	run(int, char *[]);

int
main(int argc, char *argv[])
{
	int	 status;

	if (std_fds() == -1)
		return MAPPA_EXIT_SOFTWARE;
	mappa_out_signals();
	status = run(argc, argv);
	mappa_out_exiting();
	return status;
}

static int
run(int argc, char *argv[])
{
	int	 status;

	if (argc < 2)
		return usage_error("no command given");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage_text, stdout);
		return fflush(stdout) == 0 ? MAPPA_EXIT_OK :
		    MAPPA_EXIT_CANTCREAT;
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("mappa-report %s\n", MAPPA_VERSION);
		return MAPPA_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			struct opts o;

			if (parse_opts(argc - 1, argv + 1, commands[i].name,
			    commands[i].options, &o, &status) == -1)
				return status;
			status = commands[i].run(&o);
			mappa_snapshot_cleanup();
			return status;
		}
	return usage_error("unknown command '%s'", argv[1]);
}
