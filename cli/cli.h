/*
 * libvipcare — the vipcare command: what its parts share.
 * SPDX-License-Identifier: MIT
 *
 * The command is a client of the public API only (<vipcare/vipcare.h>);
 * nothing here reaches into lib/.
 */
#ifndef VIPCARE_CLI_H
#define VIPCARE_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <vipcare/vipcare.h>

#if defined(__GNUC__) || defined(__clang__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Exit status (DESIGN §10). */
enum cli_exit {
	EXIT_DONE = 0,  /* done */
	EXIT_USAGE = 1, /* bad usage */
	EXIT_DATA = 2,  /* bad data or policy */
	EXIT_IO = 3,    /* I/O failure */
};

/* Every option of every subcommand; a subcommand lists those it takes. */
struct options {
	const char *command;
	const char *data;
	const char *policy;
	const char *rejects;
	const char *format;
	const char *output;
	const char *asof;
	const char *from;
	const char *to;
	const char *customer;
	const char *at;
	const char *out;
	const char *members;
	const char *seed;
	const char *start;
	const char *end;
	const char *scores;
	int help;
};

/* ---- args.c */

/*
 * Reads argv into @o, taking only the options named in @allowed (a
 * NULL-terminated list such as "--data"). Returns EXIT_DONE or EXIT_USAGE
 * (after a message on stderr).
 */
int args_parse(struct options *o, const char *command, const char *const *allowed, int argc,
	       char **argv);
/* A usage error: "vipcare CMD: message" and the hint, on stderr; returns EXIT_USAGE. */
int usage_error(const char *command, const char *fmt, ...) CLI_PRINTF(2, 3);
/* Parses an option's date; EXIT_USAGE (with a message) when it is not one. */
int args_date(const char *command, const char *option, const char *text, int32_t *out);
int args_timestamp(const char *command, const char *option, const char *text, int64_t *out);
/* Parses a whole number within [min, max]. */
int args_count(const char *command, const char *option, const char *text, uint64_t min,
	       uint64_t max, uint64_t *out);
/* Checks --format against a list such as {"csv", "json", NULL}; the first is the default. */
int args_format(const char *command, const char *text, const char *const *allowed,
		const char **out);

/* ---- output.c */

struct out {
	FILE *f;
	const char *path; /* "-" or NULL for standard output */
};

/* Opens @path for writing, or standard output when NULL or "-". */
int out_open(struct out *o, const char *command, const char *path);
/* Flushes and closes; EXIT_IO (with a message) when anything failed to be written. */
int out_close(struct out *o, const char *command);

void out_csv(FILE *f, const char *s);
void out_csv_n(FILE *f, const char *s, size_t len);
void out_json_string(FILE *f, const char *s);
void out_money(FILE *f, int64_t amount);
/* A date, or nothing for VIPCARE_DATE_NONE. */
void out_date(FILE *f, int32_t date);
/* A JSON date string, or null for VIPCARE_DATE_NONE. */
void out_json_date(FILE *f, int32_t date);
void out_json_money(FILE *f, int64_t amount);

/* Writes at most 40 bytes of a value in double quotes, control bytes escaped. */
void quote_value(char *out, size_t size, const char *s, size_t len);
#define QUOTED_SIZE 200

/* ---- progress.c */

struct progress {
	const char *label;
	uint64_t total;
	uint64_t calls;
	uint64_t mask; /* the clock is read once every mask + 1 updates (1023; 0 for every one) */
	double start;
	double last;
	int enabled;
	int shown;
};

/* A bar on stderr, drawn only when stderr is a terminal and a step takes over a second. */
void progress_start(struct progress *p, const char *label, uint64_t total);
void progress_update(struct progress *p, uint64_t done);
void progress_finish(struct progress *p);

/* ---- session.c: the policy, the engine and the data folder of a subcommand */

struct session {
	struct vipcare_policy *policy;
	struct vipcare_engine *engine;
};

/* Reads --policy (or takes the default), creates the engine and loads --data. */
int session_open(struct session *s, const struct options *o);
void session_close(struct session *s);
/* Only the policy (for `vipcare policy`). */
int session_policy(struct session *s, const struct options *o);

/* ---- subcommands */

int cmd_score(int argc, char **argv);
int cmd_agenda(int argc, char **argv);
int cmd_benefits(int argc, char **argv);
int cmd_policy(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_kpi(int argc, char **argv);
int cmd_points(int argc, char **argv);

/* What `demo` calls: generate into @dir, with progress. */
struct generate_params {
	const char *dir;
	uint64_t members;
	uint64_t seed;
	int32_t start;
	int32_t end;
};
int generate_run(const struct generate_params *g, const char *command);
/* The defaults and checks of --members, --seed, --start, --end (generate and demo). */
int generate_parse(const struct options *o, const char *command, struct generate_params *g);

/* Writers shared by the subcommands and demo. */
int score_write(struct vipcare_engine *e, int32_t asof, const char *format, FILE *f,
		const char *command);
int kpi_write(struct vipcare_engine *e, int32_t from, int32_t to, const char *format, FILE *f,
	      const char *command);
int agenda_write(struct vipcare_agenda *a, const struct vipcare_policy *p, const char *format,
		 FILE *f, FILE *summary);

#endif
