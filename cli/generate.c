/*
 * libvipcare — `vipcare generate`: a synthetic mall's data folder, every
 * file of DESIGN §10, made deterministically from a seed.
 * SPDX-License-Identifier: MIT
 *
 * The mall: a heavy-tailed yearly budget per customer (Pareto, so that
 * about 15 % spend enough for gold and one or two in a hundred for the top
 * tiers), weekly shoppers among the big spenders, occasional and regular
 * shoppers among the rest, some who stop coming, refunds days after a sale
 * (and a few without a receipt), birthdays with and without a year, 29
 * February and unknown ones, consents, opt-outs, advisors for the big
 * spenders, a few manual overrides, surveys and service requests after
 * some visits, points spent at the till.
 *
 * Days are generated in order; each day's rows are sorted by time and
 * written, so every file is in time order. Only integer arithmetic and
 * a seeded xoshiro256** generator are used: the same arguments give the
 * same bytes on every machine.
 *
 * The care records and benefit redemptions must match what the library
 * decides (occasion keys, tiers, quotas), so they are made by asking the
 * library: the generated customers and transactions go into an engine
 * with the default policy, the staff's month-by-month agenda is worked
 * through (most items get a record), and each wanted redemption is
 * checked and redeemed. Points are spent only within a lower bound of the
 * balance (sales at multiplier 1, refunds at 2, spending and refunds
 * never forgiven), so every points redemption is covered under the
 * default points settings.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gen.h"

const char *const gen_categories[10] = {
	"fashion", "beauty", "dining", "electronics", "jewelry",
	"kids", "sports", "home", "grocery", "cinema",
};
/* price level of a category, in percent of the customer's usual ticket */
const uint32_t gen_category_level[10] = { 120, 90, 45, 200, 320, 80, 100, 110, 30, 20 };
const char *const gen_benefit_ids[] = {
	"birthday_coupon", "free_parking_hours", "priority_checkout",
	"dedicated_advisor", "vip_event_invite", "welcome_gift",
};
const char *const gen_points_reasons[] = { "parking", "voucher", "gift", "dining_credit" };

void *vec_push(struct vec *v)
{
	if (v->count == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 64;
		void *n = realloc(v->items, ncap * v->size);

		if (n == NULL)
			return NULL;
		v->items = n;
		v->cap = ncap;
	}
	return (char *)v->items + v->size * v->count++;
}

/* qsort() of a vector; an empty one may have no array at all. */
void vec_sort(struct vec *v, int (*compare)(const void *, const void *))
{
	if (v->count > 1)
		qsort(v->items, v->count, v->size, compare);
}

void member_id(const struct gen *g, uint32_t index, char *buf, size_t size)
{
	snprintf(buf, size, "C%0*lu", g->id_width, (unsigned long)index + 1);
}

void write_ts(FILE *f, int64_t ts)
{
	char buf[VIPCARE_TIMESTAMP_BUFSIZE];

	vipcare_timestamp_format(buf, sizeof(buf), ts);
	fputs(buf, f);
}

int gen_fail(struct gen *g, const char *what)
{
	if (!g->failed)
		fprintf(stderr, "vipcare %s: %s\n", g->command, what);
	g->failed = 1;
	return -1;
}

/* ------------------------------------------------------------------ files */

static FILE *create(struct gen *g, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", g->p->dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		fprintf(stderr, "vipcare %s: cannot create %s: %s\n", g->command, path,
			strerror(errno));
		g->failed = 1;
		return NULL;
	}
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static int close_file(struct gen *g, FILE *f, const char *name)
{
	int bad;

	if (f == NULL)
		return 0;
	bad = ferror(f) != 0;
	bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, "vipcare %s: cannot write %s/%s: %s\n", g->command, g->p->dir, name,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* mkdir -p: the folder and any missing parent. */
static int make_folder(const char *dir)
{
	char path[4096];
	size_t i, len = strlen(dir);

	if (len == 0 || len >= sizeof(path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(path, dir, len + 1);
	for (i = 1; i <= len; i++) {
		if (path[i] != '/' && path[i] != '\0')
			continue;
		path[i] = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			return -1;
		path[i] = dir[i];
	}
	return 0;
}

int generate_run(const struct generate_params *p, const char *command)
{
	struct gen *g = calloc(1, sizeof(*g));
	int rc = EXIT_DONE;
	uint64_t digits = 1, n;
	size_t i;

	if (g == NULL) {
		fprintf(stderr, "vipcare %s: out of memory\n", command);
		return EXIT_IO;
	}
	if (make_folder(p->dir) != 0) {
		fprintf(stderr, "vipcare %s: cannot create the folder %s: %s\n", command, p->dir,
			strerror(errno));
		free(g);
		return EXIT_IO;
	}
	g->p = p;
	g->command = command;
	g->days = p->end - p->start + 1;
	for (n = p->members; n >= 10; n /= 10)
		digits++;
	g->id_width = digits < 6 ? 6 : (int)digits;
	rng_seed(&g->rng, p->seed, 1);
	g->today.size = sizeof(struct day_row);
	for (i = 0; i < REFUND_RING; i++)
		g->refunds[i].size = sizeof(struct day_row);
	g->surveys.size = sizeof(struct survey_row);
	g->service.size = sizeof(struct service_row);
	g->wishes.size = sizeof(struct wish);
	g->care.size = sizeof(struct care_row);
	g->members = calloc((size_t)p->members, sizeof(*g->members));
	g->bucket = malloc((size_t)g->days * sizeof(*g->bucket));
	if (g->members == NULL || g->bucket == NULL ||
	    vipcare_engine_new(&g->engine, NULL) != VIPCARE_OK ||
	    vipcare_customer_new(&g->customer) != VIPCARE_OK) {
		gen_fail(g, "out of memory");
	} else {
		for (i = 0; i < TXN_BATCH; i++)
			if (vipcare_transaction_new(&g->txns[i]) != VIPCARE_OK)
				gen_fail(g, "out of memory");
	}
	if (!g->failed) {
		g->customers = create(g, "customers.csv");
		g->transactions = create(g, "transactions.csv");
		g->surveys_f = create(g, "surveys.csv");
		g->service_f = create(g, "service.csv");
		g->care_f = create(g, "care.csv");
		g->redemptions_f = create(g, "redemptions.csv");
		g->points_f = create(g, "points.csv");
	}
	if (!g->failed && gen_customers(g) == 0 && gen_days(g) == 0 && gen_care(g) == 0)
		gen_redemptions(g);
	/* out of memory, a file that cannot be written, or the library refusing what was made */
	if (g->failed)
		rc = EXIT_IO;
	if (close_file(g, g->customers, "customers.csv") < 0 ||
	    close_file(g, g->transactions, "transactions.csv") < 0 ||
	    close_file(g, g->surveys_f, "surveys.csv") < 0 ||
	    close_file(g, g->service_f, "service.csv") < 0 ||
	    close_file(g, g->care_f, "care.csv") < 0 ||
	    close_file(g, g->redemptions_f, "redemptions.csv") < 0 ||
	    close_file(g, g->points_f, "points.csv") < 0)
		rc = EXIT_IO;

	for (i = 0; i < TXN_BATCH; i++)
		vipcare_transaction_unref(g->txns[i]);
	vipcare_customer_unref(g->customer);
	vipcare_engine_unref(g->engine);
	free(g->members);
	free(g->bucket);
	free(g->today.items);
	for (i = 0; i < REFUND_RING; i++)
		free(g->refunds[i].items);
	free(g->surveys.items);
	free(g->service.items);
	free(g->wishes.items);
	free(g->care.items);
	free(g);
	return rc;
}

/* ------------------------------------------------------------------ the subcommand */

static const char generate_help[] =
	"Usage: vipcare generate --out DIR [--members N] [--seed N] [--start DATE] [--end DATE]\n"
	"\n"
	"Writes a synthetic mall into DIR (created if missing): customers.csv,\n"
	"transactions.csv, surveys.csv, service.csv, care.csv, redemptions.csv and\n"
	"points.csv, every file in time order. The same arguments give the same\n"
	"files, byte for byte. The data suits the default policy: its care\n"
	"records and redemptions are those the library accepts under it.\n"
	"\n"
	"  --out DIR        the folder to write (required)\n"
	"  --members N      customers (default 10000)\n"
	"  --seed N         the random seed (default 1)\n"
	"  --start DATE     the first day of sales (default 2024-01-01)\n"
	"  --end DATE       the last day (default 2025-12-31)\n"
	"\n"
	"Exit status: 0 done, 1 bad usage, 3 I/O failure.\n";

static const char *const generate_options[] = {
	"--out", "--members", "--seed", "--start", "--end", NULL,
};

/* Shared with demo: the defaults and checks of --members, --seed, --start, --end. */
int generate_parse(const struct options *o, const char *command, struct generate_params *g)
{
	int rc;

	g->members = 10000;
	g->seed = 1;
	vipcare_date_from_ymd(&g->start, 2024, 1, 1);
	vipcare_date_from_ymd(&g->end, 2025, 12, 31);
	if (o->members != NULL &&
	    (rc = args_count(command, "--members", o->members, 1, 50000000, &g->members)) !=
		    EXIT_DONE)
		return rc;
	if (o->seed != NULL &&
	    (rc = args_count(command, "--seed", o->seed, 0, UINT64_MAX / 10, &g->seed)) !=
		    EXIT_DONE)
		return rc;
	if (o->start != NULL && (rc = args_date(command, "--start", o->start, &g->start)) != EXIT_DONE)
		return rc;
	if (o->end != NULL && (rc = args_date(command, "--end", o->end, &g->end)) != EXIT_DONE)
		return rc;
	if (g->end < g->start)
		return usage_error(command, "--end is before --start");
	if (g->end - g->start > 36524)
		return usage_error(command, "--start .. --end spans more than 100 years");
	/* joined dates reach 1500 days before the start, birthdays 1900 */
	if (g->start < VIPCARE_DATE_MIN + 1600 || g->end > VIPCARE_DATE_MAX - 400)
		return usage_error(command, "--start and --end must lie in 1905 .. 9998");
	return EXIT_DONE;
}

int cmd_generate(int argc, char **argv)
{
	struct generate_params g;
	struct options o;
	int rc;

	rc = args_parse(&o, "generate", generate_options, argc, argv);
	if (rc != EXIT_DONE)
		return rc;
	if (o.help) {
		fputs(generate_help, stdout);
		return EXIT_DONE;
	}
	if (o.out == NULL)
		return usage_error("generate", "--out DIR is required");
	if ((rc = generate_parse(&o, "generate", &g)) != EXIT_DONE)
		return rc;
	g.dir = o.out;
	return generate_run(&g, "generate");
}
