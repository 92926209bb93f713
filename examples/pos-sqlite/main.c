/*
 * pos-sqlite — libvipcare at a till whose sales are in a local SQLite
 * database: load it, follow its new orders, answer the checkout screen,
 * grant benefits and write them back. See examples/pos-sqlite/README.md
 * and docs/integration.md.
 *
 *   pos-sqlite --db till.db checkout C0042 2025-06-30T12:00
 *   pos-sqlite --db till.db serve 2        (commands on stdin; follows every 2 s)
 *
 * SPDX-License-Identifier: MIT
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pos.h"

static const char usage_text[] =
	"Usage: pos-sqlite --db FILE [--policy FILE] [--consumer NAME] [--format text|json]\n"
	"                  COMMAND [ARGUMENTS]\n"
	"\n"
	"Loads a till's SQLite database (examples/pos-sqlite/schema.sql) into a\n"
	"libvipcare engine, up to the stored checkpoint, then runs one command.\n"
	"Every command first takes the rows added since the checkpoint.\n"
	"\n"
	"Commands:\n"
	"  follow                         take the new members, orders, refunds and\n"
	"                                 redemptions; store the checkpoint\n"
	"  checkout CARD [AT]             the checkout screen of a scanned card\n"
	"  redeem ID CARD BENEFIT [QTY [AT]]  use a benefit (QTY default 1): recorded in\n"
	"                                 the engine and in the redemptions table\n"
	"  score CARD [DATE]              one member's tier, explained\n"
	"  scores [DATE]                  every member's tier, as `vipcare score` (CSV)\n"
	"  kpi FROM TO                    the KPIs of the period, as `vipcare kpi` (JSON)\n"
	"  serve [SECONDS]                read commands from stdin, one a line; each\n"
	"                                 answer ends with a line \".\"; follow every\n"
	"                                 SECONDS (default 2) while idle; `quit` ends\n"
	"\n"
	"AT is local time YYYY-MM-DDTHH:MM[:SS] and DATE is YYYY-MM-DD; both default\n"
	"to now. --consumer names the checkpoint row (default pos-sqlite).\n"
	"\n"
	"Exit status: 0 done (a refused redemption is an answer), 1 bad usage,\n"
	"2 bad data, schema or policy, 3 database failure.\n";

#define ARGS_MAX 8

static int parse_at(struct pos *p, const char *text, int64_t *out)
{
	char err[VIPCARE_ERRBUF_SIZE];

	if (text == NULL) {
		*out = pos_now();
		return POS_DONE;
	}
	if (vipcare_timestamp_parse(out, text, strlen(text), err, sizeof(err)) != VIPCARE_OK)
		return pos_fail(p, POS_USAGE, "%s", err);
	return POS_DONE;
}

static int parse_date(struct pos *p, const char *text, int32_t *out)
{
	char err[VIPCARE_ERRBUF_SIZE];

	if (text == NULL) {
		*out = vipcare_timestamp_date(pos_now());
		return POS_DONE;
	}
	if (vipcare_date_parse(out, text, strlen(text), err, sizeof(err)) != VIPCARE_OK)
		return pos_fail(p, POS_USAGE, "%s", err);
	return POS_DONE;
}

/* Runs one command (argv[0] is its name). */
static int run_command(struct pos *p, FILE *out, enum pos_format format, int argc, char **argv)
{
	const char *cmd = argv[0];
	int64_t at;
	int32_t day, from, to;
	long qty = 1;
	char *end;
	int rc;

#define WANT(lo, hi)                                                                         \
	do {                                                                                 \
		if (argc - 1 < (lo) || argc - 1 > (hi))                                      \
			return pos_fail(p, POS_USAGE, "%s takes %d to %d argument(s), not %d", \
					cmd, (lo), (hi), argc - 1);                          \
	} while (0)

	if (strcmp(cmd, "follow") == 0) {
		WANT(0, 0);
		return till_follow(p, out, format);
	}
	if (strcmp(cmd, "checkout") == 0) {
		WANT(1, 2);
		if ((rc = parse_at(p, argc > 2 ? argv[2] : NULL, &at)) != POS_DONE)
			return rc;
		return till_checkout(p, out, format, argv[1], at);
	}
	if (strcmp(cmd, "redeem") == 0) {
		WANT(3, 5);
		if (argc > 4) {
			errno = 0;
			qty = strtol(argv[4], &end, 10);
			if (errno != 0 || *end != '\0' || end == argv[4] || qty < 1 || qty > 1000000)
				return pos_fail(p, POS_USAGE, "redeem: quantity '%.40s' is not 1 .. 1000000",
						argv[4]);
		}
		if ((rc = parse_at(p, argc > 5 ? argv[5] : NULL, &at)) != POS_DONE)
			return rc;
		return till_redeem(p, out, format, argv[1], argv[2], argv[3], (int32_t)qty, at);
	}
	if (strcmp(cmd, "score") == 0) {
		WANT(1, 2);
		if ((rc = parse_date(p, argc > 2 ? argv[2] : NULL, &day)) != POS_DONE)
			return rc;
		return till_score(p, out, format, argv[1], day);
	}
	if (strcmp(cmd, "scores") == 0) {
		WANT(0, 1);
		if ((rc = parse_date(p, argc > 1 ? argv[1] : NULL, &day)) != POS_DONE)
			return rc;
		return till_scores(p, out, day);
	}
	if (strcmp(cmd, "kpi") == 0) {
		WANT(2, 2);
		if ((rc = parse_date(p, argv[1], &from)) != POS_DONE ||
		    (rc = parse_date(p, argv[2], &to)) != POS_DONE)
			return rc;
		return till_kpi(p, out, from, to);
	}
#undef WANT
	return pos_fail(p, POS_USAGE, "unknown command '%.40s' (see pos-sqlite --help)", cmd);
}

/* ------------------------------------------------------------------ */
/* serve                                                                */
/* ------------------------------------------------------------------ */

/* Lines read from a file descriptor without stdio, so that poll() sees
 * every line that has arrived (stdio would hide buffered ones). */
#define LINE_BYTES 8192

struct line_reader {
	char buf[LINE_BYTES + 1]; /* + 1: the NUL of a last line without a newline */
	size_t len;
	int eof;
};

/* The next complete line (NUL-terminated, without its newline) or NULL. */
static char *next_line(struct line_reader *r, size_t *consumed)
{
	char *nl = memchr(r->buf, '\n', r->len);

	if (nl != NULL) {
		*nl = '\0';
		*consumed = (size_t)(nl - r->buf) + 1;
		return r->buf;
	}
	if (r->eof && r->len > 0) {
		r->buf[r->len] = '\0';
		*consumed = r->len;
		return r->buf;
	}
	return NULL;
}

static void drop_line(struct line_reader *r, size_t consumed)
{
	memmove(r->buf, r->buf + consumed, r->len - consumed);
	r->len -= consumed;
}

static int split(char *line, char **argv)
{
	int argc = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(line, " \t\r", &save); tok != NULL && argc < ARGS_MAX;
	     tok = strtok_r(NULL, " \t\r", &save))
		argv[argc++] = tok;
	return tok != NULL ? -1 : argc;
}

static int serve(struct pos *p, enum pos_format format, int every)
{
	struct line_reader *r = calloc(1, sizeof(*r));
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN, .revents = 0 };
	struct pos_counts c;
	char *argv[ARGS_MAX], *line;
	size_t consumed;
	ssize_t n;
	int argc, rc;

	if (r == NULL)
		return pos_fail(p, POS_IO, "out of memory");
	for (;;) {
		line = next_line(r, &consumed);
		if (line == NULL) {
			if (r->eof)
				break;
			if (r->len == LINE_BYTES) {
				printf("error: a line longer than %d bytes\n.\n", LINE_BYTES);
				fflush(stdout);
				r->len = 0;
				continue;
			}
			rc = poll(&pfd, 1, every * 1000);
			if (rc < 0 && errno != EINTR) {
				free(r);
				return pos_fail(p, POS_IO, "poll: %s", strerror(errno));
			}
			if (rc == 0) {
				/* idle: take what the till wrote meanwhile */
				if (pos_follow(p, &c) != POS_DONE)
					fprintf(stderr, "pos-sqlite: follow: %s\n", p->error);
				else if (c.members + c.orders + c.refunds + c.redemptions + c.rejected > 0)
					fprintf(stderr,
						"pos-sqlite: followed members +%lld, orders +%lld, refunds"
						" +%lld, redemptions +%lld, refused %lld in %.1f ms\n",
						(long long)c.members, (long long)c.orders,
						(long long)c.refunds, (long long)c.redemptions,
						(long long)c.rejected, c.ms);
				continue;
			}
			if (rc > 0) {
				n = read(STDIN_FILENO, r->buf + r->len, LINE_BYTES - r->len);
				if (n < 0 && errno != EINTR && errno != EAGAIN) {
					free(r);
					return pos_fail(p, POS_IO, "reading stdin: %s", strerror(errno));
				}
				if (n == 0)
					r->eof = 1;
				if (n > 0)
					r->len += (size_t)n;
			}
			continue;
		}
		argc = split(line, argv);
		if (argc == 0 || argv[0][0] == '#') {
			drop_line(r, consumed);
			continue;
		}
		if (argc > 0 && strcmp(argv[0], "quit") == 0)
			break;
		if (argc < 0)
			rc = pos_fail(p, POS_USAGE, "more than %d words on a line", ARGS_MAX);
		else
			rc = run_command(p, stdout, format, argc, argv);
		drop_line(r, consumed);
		if (rc != POS_DONE)
			printf("error: %s\n", p->error);
		fputs(".\n", stdout);
		fflush(stdout);
	}
	free(r);
	return POS_DONE;
}

int main(int argc, char **argv)
{
	const char *db = NULL, *policy = NULL, *consumer = "pos-sqlite";
	enum pos_format format = FORMAT_TEXT;
	struct pos p;
	int i, rc, every = 2;

	for (i = 1; i < argc && argv[i][0] == '-'; i += 2) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(usage_text, stdout);
			return POS_DONE;
		}
		if (i + 1 >= argc) {
			fprintf(stderr, "pos-sqlite: %s needs a value\n", argv[i]);
			return POS_USAGE;
		}
		if (strcmp(argv[i], "--db") == 0) {
			db = argv[i + 1];
		} else if (strcmp(argv[i], "--policy") == 0) {
			policy = argv[i + 1];
		} else if (strcmp(argv[i], "--consumer") == 0) {
			consumer = argv[i + 1];
		} else if (strcmp(argv[i], "--format") == 0) {
			if (strcmp(argv[i + 1], "json") == 0) {
				format = FORMAT_JSON;
			} else if (strcmp(argv[i + 1], "text") != 0) {
				fprintf(stderr, "pos-sqlite: --format is text or json, not '%.40s'\n",
					argv[i + 1]);
				return POS_USAGE;
			}
		} else {
			fprintf(stderr, "pos-sqlite: unknown option '%.40s'\n%s", argv[i], usage_text);
			return POS_USAGE;
		}
	}
	if (db == NULL || i >= argc) {
		fputs(db == NULL ? "pos-sqlite: --db FILE is required\n" : "pos-sqlite: no command\n",
		      stderr);
		fputs(usage_text, stderr);
		return POS_USAGE;
	}
	if (strcmp(argv[i], "serve") == 0 && argc - i > 1) {
		char *end;
		long v = strtol(argv[i + 1], &end, 10);

		if (*end != '\0' || end == argv[i + 1] || v < 1 || v > 3600 || argc - i > 2) {
			fprintf(stderr, "pos-sqlite: serve takes one number of seconds, 1 .. 3600\n");
			return POS_USAGE;
		}
		every = (int)v;
	}
	if (argc - i > ARGS_MAX) {
		fprintf(stderr, "pos-sqlite: too many arguments\n");
		return POS_USAGE;
	}
	rc = pos_open(&p, db, policy, consumer);
	if (rc == POS_DONE) {
		if (strcmp(argv[i], "serve") == 0)
			rc = serve(&p, format, every);
		else
			rc = run_command(&p, stdout, format, argc - i, argv + i);
	}
	if (rc != POS_DONE)
		fprintf(stderr, "pos-sqlite: %s\n", p.error);
	if (fflush(stdout) != 0 && rc == POS_DONE) {
		fprintf(stderr, "pos-sqlite: cannot write the standard output\n");
		rc = POS_IO;
	}
	pos_close(&p);
	return rc;
}
