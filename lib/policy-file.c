/*
 * libvipcare — the policy file: INI text read over a policy (the writer
 * is in policy-write.c).
 *
 * Loading has two stages. The parser reads every line into a struct
 * loader, checking the syntax and each value on its own; nothing is
 * applied while it runs. Then the values are applied to a scratch copy of
 * the policy in a fixed order ([tiers] order, the [tier.X] sections, the
 * [benefit.X] sections in file order, the [care.X] sections, [points],
 * then [program] and [targets]) and the whole result is checked; only a
 * policy that passes replaces the caller's. Sections are dispatched
 * through a table, so the sections of later versions are one row and two
 * handlers each.
 * SPDX-License-Identifier: MIT
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy-targets.h"
#include "policy-points.h"

/* Policy files are a page or two; anything bigger is a mistake. */
#define TEXT_MAX (1024 * 1024)
/* the most keys a section type may know (see struct loader key_line) */
#define KEYS_MAX 16
/* [program], [tiers], [points], [targets], and the sections that take an argument */
#define SECTIONS_MAX (4 + VIPCARE_TIERS_MAX + VIPCARE_BENEFITS_MAX + VIPCARE_CARE_KINDS)
#define TIER_NAME_RULE "a tier name [A-Za-z0-9_-]{1,32} other than \"none\""
#define BENEFIT_ID_RULE "a benefit id [A-Za-z0-9_.-]{1,64}"
#define QUOTA_RULE "\"N per day|week|month|quarter|year|lifetime\" or \"unlimited\""
#define CHANNELS_RULE "a comma-separated list of sms, wechat, phone, email, app, or none"
#define CHANNEL_RULE "a channel sms, wechat, phone, email or app"
#define PERIOD_RULE "day, week, month, quarter, year or none"
#define WINDOW_RULE                                                                      \
	"always, birthday_month, birthday\u00b1N (N 0..366) or first_N_days (N 1..36525)"

struct loader;

struct section_type {
	/* the section name; one ending in '.' takes an argument ([tier.gold]) */
	const char *name;
	int supported;
	const char *const *keys;
	int (*open)(struct loader *L, const char *arg, size_t len);
	int (*key)(struct loader *L, int key, const char *value, size_t len, int col);
};

/* A key that takes an argument is listed as "quota.TIER": any tier name may follow the dot. */
#define KEY_ARG ".TIER"

struct tier_section {
	char name[VIPCARE_TIER_NAME_MAX + 1];
	int line;
	int spend_line;
	int has_spend;
	int64_t spend;
	int visits_line;
	int has_visits;
	int32_t visits;
};

struct tier_quota {
	char tier[VIPCARE_TIER_NAME_MAX + 1];
	int line, col;
	struct vipcare__quota quota;
};

struct benefit_section {
	char id[VIPCARE_BENEFIT_ID_MAX + 1];
	int line;
	int name_line;
	char name[VIPCARE_BENEFIT_NAME_MAX + 1];
	int min_line, min_col;
	char min_tier[VIPCARE_TIER_NAME_MAX + 1];
	int quota_line;
	struct vipcare__quota quota;
	struct tier_quota tier_quota[VIPCARE_TIERS_MAX];
	int tier_quota_count;
	int window_line;
	int window;
	int32_t window_days;
};

struct care_period {
	char tier[VIPCARE_TIER_NAME_MAX + 1];
	int line, col;
	int period; /* enum vipcare_period, -1 for none */
};

struct care_section {
	int kind;
	int line;
	int enabled_line, enabled;
	int marketing_line, marketing;
	int min_line, min_col;
	char min_tier[VIPCARE_TIER_NAME_MAX + 1];
	int channels_line, channel_count;
	int8_t channels[VIPCARE_CHANNEL_COUNT];
	int days_line;
	int32_t days;
	struct care_period periods[VIPCARE_TIERS_MAX];
	int period_count;
};

struct points_multiplier {
	char tier[VIPCARE_TIER_NAME_MAX + 1];
	int line, col;
	int64_t hundredths;
};

struct points_section {
	int unit_line;
	int64_t unit;
	int expiry_line;
	int32_t expiry_years;
	struct points_multiplier multipliers[VIPCARE_TIERS_MAX];
	int multiplier_count;
};

struct loader {
	const char *file;
	char *msg;
	struct vipcare_policy scratch;

	int line;
	const char *line_start;

	const struct section_type *type;
	char label[80];
	int key_line[KEYS_MAX];
	/* the key being read: its argument ("gold" of quota.gold) and column */
	const char *key_arg;
	size_t key_arg_len;
	int key_col;
	struct {
		const char *name;
		size_t len;
		int line;
	} seen[SECTIONS_MAX];
	int seen_count;

	int setting_line[VIPCARE__SETTING_COUNT];
	int64_t setting[VIPCARE__SETTING_COUNT];
	char vip[VIPCARE_TIER_NAME_MAX + 1];
	int vip_line, vip_col;

	char order[VIPCARE_TIERS_MAX][VIPCARE_TIER_NAME_MAX + 1];
	int order_count, order_line;

	struct tier_section tiers[VIPCARE_TIERS_MAX];
	int tier_count;

	struct benefit_section benefits[VIPCARE_BENEFITS_MAX];
	int benefit_count;

	struct care_section care[VIPCARE_CARE_KINDS];
	int care_count;

	struct points_section points;

	/* [targets], by KPI: the line that set it (0 when none) */
	int target_line[VIPCARE__KPI_COUNT];
	struct vipcare__target targets[VIPCARE__KPI_COUNT];

	/* after applying: the line that set each threshold, by final rank */
	int spend_line[VIPCARE_TIERS_MAX];
	int visits_line[VIPCARE_TIERS_MAX];
	/* the [benefit.X] line of each benefit, by index; its min_tier before [tiers] order */
	int benefit_line[VIPCARE_BENEFITS_MAX];
	char old_min_tier[VIPCARE_BENEFITS_MAX][VIPCARE_TIER_NAME_MAX + 1];
};

static int fail_at(struct loader *L, int status, int line, int col, const char *fmt, ...)
	VIPCARE__PRINTF(5, 6);

static int fail_at(struct loader *L, int status, int line, int col, const char *fmt, ...)
{
	char body[VIPCARE__MSG_SIZE];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(body, sizeof(body), fmt, ap) < 0)
		body[0] = '\0';
	va_end(ap);
	if (line > 0 && col > 0)
		return vipcare__fail(L->msg, status, "%s:%d:%d: %s", L->file, line, col, body);
	if (line > 0)
		return vipcare__fail(L->msg, status, "%s:%d: %s", L->file, line, body);
	return vipcare__fail(L->msg, status, "%s: %s", L->file, body);
}

/* Columns count characters; the line is valid UTF-8 when this is used. */
static int column(const struct loader *L, const char *at)
{
	const char *p;
	int col = 1;

	for (p = L->line_start; p < at; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			col++;
	return col;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *n)
{
	while (*n > 0 && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && is_blank((*s)[*n - 1]))
		(*n)--;
}

static int same(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

static int value_error(struct loader *L, const char *key, const char *value, size_t len, int col,
		       const char *expected)
{
	char quoted[64];

	vipcare__quote(quoted, sizeof(quoted), value, len);
	return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, col, "%s %s: expected %s, found %s",
		       L->label, key, expected, quoted);
}

/* Plain digits only: no sign, no spaces; 1 when they make a number <= max. */
static int parse_count(const char *s, size_t n, int64_t max, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		int d = s[i] - '0';

		if (s[i] < '0' || s[i] > '9' || v > (max - d) / 10)
			return 0;
		v = v * 10 + d;
	}
	*out = v;
	return 1;
}

static int tier_name_error(struct loader *L, const char *key, const char *s, size_t n, int col)
{
	return value_error(L, key, s, n, col, TIER_NAME_RULE);
}

/* ---------------------------------------------------------------- */
/* [program]                                                         */
/* ---------------------------------------------------------------- */

static const char *const program_keys[] = {
	"name", "window_days", "retain_days", "vip_min_tier", "lapse_days",
	"overdue_days", "sla_minutes", "conversion_days", NULL,
};

static int program_open(struct loader *L, const char *arg, size_t len)
{
	(void)L;
	(void)arg;
	(void)len;
	return VIPCARE_OK;
}

static int setting_of(const char *key)
{
	int s;

	for (s = 1; s < VIPCARE__SETTING_COUNT; s++)
		if (strcmp(vipcare_setting_name(s), key) == 0)
			return s;
	return 0;
}

static int program_key(struct loader *L, int key, const char *v, size_t n, int col)
{
	const char *name = program_keys[key];
	char text[VIPCARE__POLICY_NAME_MAX + 1];
	int64_t min = 0, max = 0, value = 0;
	int s;

	if (strcmp(name, "name") == 0) {
		if (n == 0 || n > VIPCARE__POLICY_NAME_MAX)
			return value_error(L, name, v, n, col, "a name of 1..128 bytes");
		memcpy(text, v, n);
		text[n] = '\0';
		/* The name depends on nothing else, so it may be set right away. */
		if (vipcare_policy_set_name(&L->scratch, text) != VIPCARE_OK)
			return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, col, "%s %s: %s", L->label,
				       name, L->scratch.last_error);
		return VIPCARE_OK;
	}
	if (strcmp(name, "vip_min_tier") == 0) {
		if (!vipcare__tier_name_ok(v, n))
			return tier_name_error(L, name, v, n, col);
		memcpy(L->vip, v, n);
		L->vip[n] = '\0';
		L->vip_line = L->line;
		L->vip_col = col;
		return VIPCARE_OK;
	}
	s = setting_of(name);
	vipcare_setting_bounds(s, &min, &max);
	if (!parse_count(v, n, max, &value) || value < min) {
		char expected[64];

		snprintf(expected, sizeof(expected), "an integer %lld..%lld", (long long)min,
			 (long long)max);
		return value_error(L, name, v, n, col, expected);
	}
	L->setting[s] = value;
	L->setting_line[s] = L->line;
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- */
/* [tiers]                                                           */
/* ---------------------------------------------------------------- */

static const char *const tiers_keys[] = { "order", NULL };

static int tiers_key(struct loader *L, int key, const char *v, size_t n, int col)
{
	const char *end = v + n;
	int count = 0, i;

	(void)key;
	if (n == 0)
		return value_error(L, "order", v, n, col, "a comma-separated list of tier names");
	for (;;) {
		const char *comma = memchr(v, ',', (size_t)(end - v));
		const char *item = v;
		size_t len = (size_t)((comma != NULL ? comma : end) - v);
		int at;

		trim(&item, &len);
		at = column(L, len > 0 ? item : v);
		if (!vipcare__tier_name_ok(item, len))
			return tier_name_error(L, "order", item, len, at);
		for (i = 0; i < count; i++)
			if (same(item, len, L->order[i]))
				return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, at,
					       "[tiers] order: tier \"%s\" is listed twice",
					       L->order[i]);
		if (count == VIPCARE_TIERS_MAX)
			return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, at,
				       "[tiers] order: more than %d tiers", VIPCARE_TIERS_MAX);
		memcpy(L->order[count], item, len);
		L->order[count][len] = '\0';
		count++;
		if (comma == NULL)
			break;
		v = comma + 1;
	}
	L->order_count = count;
	L->order_line = L->line;
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- */
/* [tier.NAME]                                                       */
/* ---------------------------------------------------------------- */

static const char *const tier_keys[] = { "min_spend", "min_visits", NULL };

static int tier_open(struct loader *L, const char *arg, size_t len)
{
	struct tier_section *t;
	char quoted[64];

	if (!vipcare__tier_name_ok(arg, len)) {
		vipcare__quote(quoted, sizeof(quoted), arg, len);
		return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, 1,
			       "section [tier.NAME]: expected " TIER_NAME_RULE ", found %s", quoted);
	}
	if (L->tier_count == VIPCARE_TIERS_MAX)
		return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, 1,
			       "more than %d [tier.NAME] sections; a policy holds at most %d tiers",
			       VIPCARE_TIERS_MAX, VIPCARE_TIERS_MAX);
	t = &L->tiers[L->tier_count++];
	memcpy(t->name, arg, len);
	t->name[len] = '\0';
	t->line = L->line;
	return VIPCARE_OK;
}

static int tier_key(struct loader *L, int key, const char *v, size_t n, int col)
{
	struct tier_section *t = &L->tiers[L->tier_count - 1];
	int none = same(v, n, "none");
	int64_t value = 0;

	if (key == 0) {
		if (!none && (vipcare_money_parse(&value, v, n, NULL, 0) != VIPCARE_OK ||
			      value < 0 || value > VIPCARE__SPEND_MAX))
			return value_error(L, "min_spend", v, n, col,
					   "an amount 0.00..10000000000000.00 (at most 2 fraction "
					   "digits) or none");
		t->spend_line = L->line;
		t->has_spend = !none;
		t->spend = value;
	} else {
		if (!none && !parse_count(v, n, VIPCARE__VISITS_MAX, &value))
			return value_error(L, "min_visits", v, n, col,
					   "an integer 0..36525 or none");
		t->visits_line = L->line;
		t->has_visits = !none;
		t->visits = (int32_t)value;
	}
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- */
/* [benefit.ID]                                                      */
/* ---------------------------------------------------------------- */

static const char *const benefit_keys[] = {
	"name", "min_tier", "quota", "quota" KEY_ARG, "window", NULL,
};

enum { BENEFIT_NAME, BENEFIT_MIN_TIER, BENEFIT_QUOTA, BENEFIT_TIER_QUOTA, BENEFIT_WINDOW };

static int benefit_open(struct loader *L, const char *arg, size_t len)
{
	struct benefit_section *b;
	char quoted[72];

	if (!vipcare__benefit_id_ok(arg, len)) {
		vipcare__quote(quoted, sizeof(quoted), arg, len);
		return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, 1,
			       "section [benefit.ID]: expected " BENEFIT_ID_RULE ", found %s", quoted);
	}
	if (L->benefit_count == VIPCARE_BENEFITS_MAX)
		return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, 1,
			       "more than %d [benefit.ID] sections; a policy holds at most %d "
			       "benefits",
			       VIPCARE_BENEFITS_MAX, VIPCARE_BENEFITS_MAX);
	b = &L->benefits[L->benefit_count++];
	memcpy(b->id, arg, len);
	b->id[len] = '\0';
	b->line = L->line;
	return VIPCARE_OK;
}

/* Plain digits from @s: how many there are (0 when none), the value in @out. */
static size_t leading_count(const char *s, size_t n, int64_t max, int64_t *out, int *too_big)
{
	size_t i = 0;

	*out = 0;
	*too_big = 0;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (*out > (max - (s[i] - '0')) / 10)
			*too_big = 1;
		else
			*out = *out * 10 + (s[i] - '0');
	}
	return i;
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && is_blank(s[i]))
		i++;
	return i;
}

/* "N per PERIOD" (blanks between the words) or "unlimited". */
static int quota_value(struct loader *L, const char *key, const char *v, size_t n, int col,
		       struct vipcare__quota *q)
{
	int64_t count = 0;
	size_t i, digits;
	int period, too_big;

	if (same(v, n, "unlimited")) {
		q->set = 1;
		q->period = VIPCARE_PERIOD_UNLIMITED;
		q->count = 0;
		return VIPCARE_OK;
	}
	digits = leading_count(v, n, INT32_MAX, &count, &too_big);
	i = skip_blanks(v, n, digits);
	if (digits == 0 || i == digits || n - i < 3 || memcmp(v + i, "per", 3) != 0)
		return value_error(L, key, v, n, col, QUOTA_RULE);
	i += 3;
	if (i == n || !is_blank(v[i]))
		return value_error(L, key, v, n, col, QUOTA_RULE);
	i = skip_blanks(v, n, i);
	for (period = 0; period < VIPCARE_PERIOD_UNLIMITED; period++)
		if (same(v + i, n - i, vipcare_period_name(period)))
			break;
	if (period == VIPCARE_PERIOD_UNLIMITED)
		return value_error(L, key, v, n, col, QUOTA_RULE);
	if (too_big || count < 1 || count > VIPCARE__QUOTA_MAX) {
		char quoted[64];

		vipcare__quote(quoted, sizeof(quoted), v, digits);
		return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, col,
			       "%s %s: expected a count 1..%d before \"per\", found %s", L->label, key,
			       VIPCARE__QUOTA_MAX, quoted);
	}
	q->set = 1;
	q->period = (int8_t)period;
	q->count = (int32_t)count;
	return VIPCARE_OK;
}

/* "always", "birthday_month", "birthday±N", "first_N_days". */
static int window_value(struct loader *L, const char *v, size_t n, int col,
			struct benefit_section *b)
{
	static const char birthday[] = "birthday\xc2\xb1";
	const size_t birthday_len = sizeof(birthday) - 1;
	int64_t days = 0;
	size_t digits;
	int too_big;

	if (same(v, n, "always")) {
		b->window = VIPCARE_WINDOW_ALWAYS;
		b->window_days = 0;
		return VIPCARE_OK;
	}
	if (same(v, n, "birthday_month")) {
		b->window = VIPCARE_WINDOW_BIRTHDAY_MONTH;
		b->window_days = 0;
		return VIPCARE_OK;
	}
	if (n > birthday_len && memcmp(v, birthday, birthday_len) == 0) {
		digits = leading_count(v + birthday_len, n - birthday_len, VIPCARE__BIRTHDAY_DAYS_MAX,
				       &days, &too_big);
		if (digits == n - birthday_len && !too_big) {
			b->window = VIPCARE_WINDOW_BIRTHDAY_DAYS;
			b->window_days = (int32_t)days;
			return VIPCARE_OK;
		}
	}
	if (n > 11 && memcmp(v, "first_", 6) == 0 && memcmp(v + n - 5, "_days", 5) == 0) {
		digits = leading_count(v + 6, n - 11, VIPCARE__FIRST_DAYS_MAX, &days, &too_big);
		if (digits == n - 11 && !too_big && days >= 1) {
			b->window = VIPCARE_WINDOW_FIRST_DAYS;
			b->window_days = (int32_t)days;
			return VIPCARE_OK;
		}
	}
	return value_error(L, "window", v, n, col, WINDOW_RULE);
}

/*
 * Checks the TIER of a `PREFIX.TIER` key (L->key_arg): a tier name, not
 * given before in its section (@first_line: the line of the earlier one,
 * 0 when none) and room for one more (@count such keys so far). Writes
 * "PREFIX.TIER" as the file gives it into @what.
 */
static int tier_key_check(struct loader *L, const char *prefix, int count, int first_line,
			  char *what, size_t what_size)
{
	char text[VIPCARE__MSG_SIZE];

	snprintf(what, what_size, "%s.%.*s", prefix, (int)L->key_arg_len, L->key_arg);
	if (!vipcare__tier_name_ok(L->key_arg, L->key_arg_len)) {
		vipcare__quote(text, sizeof(text), L->key_arg, L->key_arg_len);
		return fail_at(L, VIPCARE_E_POLICY_KEY, L->line, L->key_col,
			       "%s %s.TIER: expected " TIER_NAME_RULE ", found %s", L->label, prefix,
			       text);
	}
	if (first_line > 0)
		return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, L->key_col,
			       "%s %s repeated (first on line %d)", L->label, what, first_line);
	if (count == VIPCARE_TIERS_MAX)
		return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, L->key_col,
			       "%s %s: more than %d %s.TIER keys; a policy holds at most %d tiers",
			       L->label, what, VIPCARE_TIERS_MAX, prefix, VIPCARE_TIERS_MAX);
	return VIPCARE_OK;
}

static int benefit_key(struct loader *L, int key, const char *v, size_t n, int col)
{
	struct benefit_section *b = &L->benefits[L->benefit_count - 1];
	char text[VIPCARE__MSG_SIZE], what[VIPCARE_BENEFIT_ID_MAX + 32];
	struct tier_quota *tq;
	int i, first, status;

	switch (key) {
	case BENEFIT_NAME:
		if (n == 0 || n > VIPCARE_BENEFIT_NAME_MAX)
			return value_error(L, "name", v, n, col, "a name of 1..128 bytes");
		memcpy(b->name, v, n);
		b->name[n] = '\0';
		if (vipcare__check_name(text, "the name", b->name, VIPCARE_BENEFIT_NAME_MAX) !=
		    VIPCARE_OK)
			return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, col, "%s name: %s",
				       L->label, text);
		b->name_line = L->line;
		return VIPCARE_OK;
	case BENEFIT_MIN_TIER:
		if (!vipcare__tier_name_ok(v, n))
			return tier_name_error(L, "min_tier", v, n, col);
		memcpy(b->min_tier, v, n);
		b->min_tier[n] = '\0';
		b->min_line = L->line;
		b->min_col = col;
		return VIPCARE_OK;
	case BENEFIT_QUOTA:
		b->quota_line = L->line;
		return quota_value(L, "quota", v, n, col, &b->quota);
	case BENEFIT_TIER_QUOTA:
		for (i = 0, first = 0; i < b->tier_quota_count && first == 0; i++)
			if (same(L->key_arg, L->key_arg_len, b->tier_quota[i].tier))
				first = b->tier_quota[i].line;
		status = tier_key_check(L, "quota", b->tier_quota_count, first, what, sizeof(what));
		if (status != VIPCARE_OK)
			return status;
		tq = &b->tier_quota[b->tier_quota_count++];
		memcpy(tq->tier, L->key_arg, L->key_arg_len);
		tq->tier[L->key_arg_len] = '\0';
		tq->line = L->line;
		tq->col = L->key_col;
		return quota_value(L, what, v, n, col, &tq->quota);
	default:
		b->window_line = L->line;
		return window_value(L, v, n, col, b);
	}
}

/* ---------------------------------------------------------------- */
/* [care.KIND]                                                       */
/* ---------------------------------------------------------------- */

static const char *const care_keys[] = {
	"enabled", "min_tier", "channels", "marketing", "days", "lead_days", "period" KEY_ARG, NULL,
};

enum { CARE_ENABLED, CARE_MIN_TIER, CARE_CHANNELS, CARE_MARKETING, CARE_DAYS, CARE_LEAD_DAYS,
       CARE_PERIOD };

/* `days`, `lead_days` and `period.TIER` belong to one kind each. */
static int care_key_allowed(int kind, int key)
{
	switch (key) {
	case CARE_DAYS:
		return kind == VIPCARE_CARE_FOLLOWUP_3D;
	case CARE_LEAD_DAYS:
		return kind == VIPCARE_CARE_BIRTHDAY;
	case CARE_PERIOD:
		return kind == VIPCARE_CARE_ADVISOR_CONTACT;
	default:
		return 1;
	}
}

/* "enabled, min_tier, channels, marketing, lead_days" for birthday. */
static void care_key_list(char *buf, size_t size, int kind)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; care_keys[i] != NULL && used < size; i++) {
		int w;

		if (!care_key_allowed(kind, i))
			continue;
		w = snprintf(buf + used, size - used, "%s%s", used > 0 ? ", " : "", care_keys[i]);
		used += w > 0 ? (size_t)w : 0;
	}
}

static int care_open(struct loader *L, const char *arg, size_t len)
{
	struct care_section *c;
	char name[32], quoted[72];
	int kind = VIPCARE_E_RANGE;

	if (len < sizeof(name)) {
		memcpy(name, arg, len);
		name[len] = '\0';
		kind = vipcare_care_kind_from_name(name);
	}
	if (kind < 0) {
		vipcare__quote(quoted, sizeof(quoted), arg, len);
		return fail_at(L, VIPCARE_E_POLICY_KEY, L->line, 1,
			       "section [care.KIND]: unknown care kind %s; expected welcome, "
			       "followup_3d, birthday, lapse, advisor_contact or tier_change",
			       quoted);
	}
	/* a repeated section is refused before this: at most one per kind */
	c = &L->care[L->care_count++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->line = L->line;
	return VIPCARE_OK;
}

static int flag_value(struct loader *L, const char *key, const char *v, size_t n, int col,
		      int *out)
{
	if (!same(v, n, "0") && !same(v, n, "1"))
		return value_error(L, key, v, n, col, "0 or 1");
	*out = v[0] == '1';
	return VIPCARE_OK;
}

/* "sms, wechat" (most preferred first, no repeats) or "none". */
static int channels_value(struct loader *L, const char *v, size_t n, int col,
			  struct care_section *c)
{
	const char *end = v + n;
	char name[16];
	int count = 0, channel, i;

	if (n == 0)
		return value_error(L, "channels", v, n, col, CHANNELS_RULE);
	if (same(v, n, "none")) {
		c->channel_count = 0;
		return VIPCARE_OK;
	}
	for (;;) {
		const char *comma = memchr(v, ',', (size_t)(end - v));
		const char *item = v;
		size_t len = (size_t)((comma != NULL ? comma : end) - v);
		int at;

		trim(&item, &len);
		at = column(L, len > 0 ? item : v);
		channel = VIPCARE_E_RANGE;
		if (len < sizeof(name)) {
			memcpy(name, item, len);
			name[len] = '\0';
			channel = vipcare_channel_from_name(name);
		}
		if (channel < 0)
			return value_error(L, "channels", item, len, at, CHANNEL_RULE);
		for (i = 0; i < count; i++)
			if (c->channels[i] == channel)
				return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, at,
					       "%s channels: channel \"%s\" is listed twice", L->label,
					       name);
		/* five distinct channels at most: no room check needed */
		c->channels[count++] = (int8_t)channel;
		if (comma == NULL)
			break;
		v = comma + 1;
	}
	c->channel_count = count;
	return VIPCARE_OK;
}

static int care_period_key(struct loader *L, const char *v, size_t n, int col,
			   struct care_section *c)
{
	char what[VIPCARE_TIER_NAME_MAX + 16];
	struct care_period *cp;
	int i, first, status, period;

	for (i = 0, first = 0; i < c->period_count && first == 0; i++)
		if (same(L->key_arg, L->key_arg_len, c->periods[i].tier))
			first = c->periods[i].line;
	status = tier_key_check(L, "period", c->period_count, first, what, sizeof(what));
	if (status != VIPCARE_OK)
		return status;
	period = -1;
	if (!same(v, n, "none")) {
		for (period = VIPCARE_PERIOD_YEAR; period >= 0; period--)
			if (same(v, n, vipcare_period_name(period)))
				break;
		if (period < 0)
			return value_error(L, what, v, n, col, PERIOD_RULE);
	}
	cp = &c->periods[c->period_count++];
	memcpy(cp->tier, L->key_arg, L->key_arg_len);
	cp->tier[L->key_arg_len] = '\0';
	cp->line = L->line;
	cp->col = L->key_col;
	cp->period = period;
	return VIPCARE_OK;
}

static int care_key(struct loader *L, int key, const char *v, size_t n, int col)
{
	struct care_section *c = &L->care[L->care_count - 1];
	const char *kind = vipcare_care_kind_name(c->kind);
	char keys[160];
	int64_t days = 0;
	int max;

	if (!care_key_allowed(c->kind, key)) {
		care_key_list(keys, sizeof(keys), c->kind);
		return fail_at(L, VIPCARE_E_POLICY_KEY, L->line, L->key_col,
			       "%s %s%.*s: not a key of care kind \"%s\"; expected one of: %s",
			       L->label, key == CARE_PERIOD ? "period." : care_keys[key],
			       (int)L->key_arg_len, L->key_arg != NULL ? L->key_arg : "", kind, keys);
	}
	switch (key) {
	case CARE_ENABLED:
		c->enabled_line = L->line;
		return flag_value(L, "enabled", v, n, col, &c->enabled);
	case CARE_MARKETING:
		c->marketing_line = L->line;
		return flag_value(L, "marketing", v, n, col, &c->marketing);
	case CARE_MIN_TIER:
		if (!vipcare__tier_name_ok(v, n))
			return tier_name_error(L, "min_tier", v, n, col);
		memcpy(c->min_tier, v, n);
		c->min_tier[n] = '\0';
		c->min_line = L->line;
		c->min_col = col;
		return VIPCARE_OK;
	case CARE_CHANNELS:
		c->channels_line = L->line;
		return channels_value(L, v, n, col, c);
	case CARE_DAYS:
	case CARE_LEAD_DAYS:
		max = key == CARE_DAYS ? 36525 : 366;
		if (!parse_count(v, n, max, &days)) {
			char expected[32];

			snprintf(expected, sizeof(expected), "an integer 0..%d", max);
			return value_error(L, care_keys[key], v, n, col, expected);
		}
		c->days_line = L->line;
		c->days = (int32_t)days;
		return VIPCARE_OK;
	default:
		return care_period_key(L, v, n, col, c);
	}
}

/* ---------------------------------------------------------------- */
/* [points]                                                          */
/* ---------------------------------------------------------------- */

static const char *const points_keys[] = { "unit", "expiry_years", "multiplier" KEY_ARG, NULL };

enum { POINTS_UNIT, POINTS_EXPIRY_YEARS, POINTS_MULTIPLIER };

/* Money syntax (at most 2 fraction digits) in @min..@max hundredths; 1 when it is. */
static int points_amount(const char *v, size_t n, int64_t min, int64_t max, int64_t *out)
{
	int64_t value = 0;

	if (vipcare_money_parse(&value, v, n, NULL, 0) != VIPCARE_OK || value < min || value > max)
		return 0;
	*out = value;
	return 1;
}

/* "an amount 0.01..1000000.00 (at most 2 fraction digits)" */
static void amount_rule(char *buf, size_t size, const char *what, int64_t min, int64_t max)
{
	char lo[VIPCARE_MONEY_BUFSIZE], hi[VIPCARE_MONEY_BUFSIZE];

	if (vipcare_money_format(lo, sizeof(lo), min) != VIPCARE_OK ||
	    vipcare_money_format(hi, sizeof(hi), max) != VIPCARE_OK)
		lo[0] = hi[0] = '\0';
	snprintf(buf, size, "%s %s..%s (at most 2 fraction digits)", what, lo, hi);
}

static int points_multiplier_key(struct loader *L, const char *v, size_t n, int col)
{
	struct points_section *ps = &L->points;
	char what[VIPCARE_TIER_NAME_MAX + 16], rule[96];
	struct points_multiplier *m;
	int64_t hundredths = 0;
	int i, first, status;

	for (i = 0, first = 0; i < ps->multiplier_count && first == 0; i++)
		if (same(L->key_arg, L->key_arg_len, ps->multipliers[i].tier))
			first = ps->multipliers[i].line;
	status = tier_key_check(L, "multiplier", ps->multiplier_count, first, what, sizeof(what));
	if (status != VIPCARE_OK)
		return status;
	if (!points_amount(v, n, 0, VIPCARE__POINTS_MULTIPLIER_MAX, &hundredths)) {
		amount_rule(rule, sizeof(rule), "a multiplier", 0, VIPCARE__POINTS_MULTIPLIER_MAX);
		return value_error(L, what, v, n, col, rule);
	}
	m = &ps->multipliers[ps->multiplier_count++];
	memcpy(m->tier, L->key_arg, L->key_arg_len);
	m->tier[L->key_arg_len] = '\0';
	m->line = L->line;
	m->col = L->key_col;
	m->hundredths = hundredths;
	return VIPCARE_OK;
}

static int points_key(struct loader *L, int key, const char *v, size_t n, int col)
{
	struct points_section *ps = &L->points;
	char rule[96];
	int64_t value = 0;

	switch (key) {
	case POINTS_UNIT:
		if (!points_amount(v, n, 1, VIPCARE__POINTS_UNIT_MAX, &value)) {
			amount_rule(rule, sizeof(rule), "an amount", 1, VIPCARE__POINTS_UNIT_MAX);
			return value_error(L, "unit", v, n, col, rule);
		}
		ps->unit_line = L->line;
		ps->unit = value;
		return VIPCARE_OK;
	case POINTS_EXPIRY_YEARS:
		if (!parse_count(v, n, VIPCARE__POINTS_EXPIRY_MAX, &value)) {
			snprintf(rule, sizeof(rule), "an integer 0..%d", VIPCARE__POINTS_EXPIRY_MAX);
			return value_error(L, "expiry_years", v, n, col, rule);
		}
		ps->expiry_line = L->line;
		ps->expiry_years = (int32_t)value;
		return VIPCARE_OK;
	default:
		return points_multiplier_key(L, v, n, col);
	}
}

/* ---------------------------------------------------------------- */
/* [targets]                                                         */
/* ---------------------------------------------------------------- */

/* The keys are the KPI names: key_line() hands over the key as L->key_arg. */
static int targets_key(struct loader *L, int key, const char *v, size_t n, int col)
{
	char quoted[64], why[VIPCARE__MSG_SIZE];
	int kpi = vipcare_kpi_from_name(L->key_arg, L->key_arg_len);
	size_t at;

	(void)key;
	(void)col;
	if (kpi < 0) {
		vipcare__quote(quoted, sizeof(quoted), L->key_arg, L->key_arg_len);
		return fail_at(L, VIPCARE_E_POLICY_KEY, L->line, L->key_col,
			       "unknown key %s in [targets]; expected a KPI name such as "
			       "repurchase_rate, nps or care_done (docs/policy.md lists them)",
			       quoted);
	}
	if (L->target_line[kpi] > 0)
		return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, L->key_col,
			       "[targets] %s repeated (first on line %d)", vipcare_kpi_name(kpi),
			       L->target_line[kpi]);
	if (vipcare__target_parse(kpi, v, n, &L->targets[kpi], why, sizeof(why), &at) !=
	    VIPCARE_OK)
		return fail_at(L, VIPCARE_E_POLICY_VALUE, L->line, column(L, v + at),
			       "[targets] %s: %s", vipcare_kpi_name(kpi), why);
	L->target_line[kpi] = L->line;
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- */
/* Lines and sections                                                */
/* ---------------------------------------------------------------- */

static const struct section_type section_types[] = {
	{ "program", 1, program_keys, program_open, program_key },
	{ "tiers", 1, tiers_keys, program_open, tiers_key },
	{ "tier.", 1, tier_keys, tier_open, tier_key },
	{ "benefit.", 1, benefit_keys, benefit_open, benefit_key },
	{ "care.", 1, care_keys, care_open, care_key },
	{ "points", 1, points_keys, program_open, points_key },
	{ "targets", 1, NULL, program_open, targets_key },
};

static int open_section(struct loader *L, const char *s, size_t n)
{
	const struct section_type *type = NULL;
	char quoted[72];
	size_t i, prefix = 0;
	int status;

	for (i = 0; i < sizeof(section_types) / sizeof(section_types[0]); i++) {
		const char *name = section_types[i].name;
		size_t len = strlen(name);

		if (name[len - 1] == '.' ? (n >= len && memcmp(s, name, len) == 0) : same(s, n, name)) {
			type = &section_types[i];
			prefix = name[len - 1] == '.' ? len : n;
			break;
		}
	}
	/* the line is valid UTF-8 without controls: only its length needs care */
	if (n <= 64)
		snprintf(quoted, sizeof(quoted), "[%.*s]", (int)n, s);
	else
		vipcare__quote(quoted, sizeof(quoted), s, n);
	if (type == NULL)
		return fail_at(L, VIPCARE_E_POLICY_KEY, L->line, 1,
			       "unknown section %s; expected [program], [tiers], [tier.NAME], "
			       "[benefit.ID], [care.KIND], [points] or [targets]",
			       quoted);
	if (!type->supported)
		return fail_at(L, VIPCARE_E_POLICY_KEY, L->line, 1,
			       "section %s is not supported yet by libvipcare %d.%d", quoted,
			       VIPCARE_VERSION_MAJOR, VIPCARE_VERSION_MINOR);
	for (i = 0; i < (size_t)L->seen_count; i++)
		if (L->seen[i].len == n && memcmp(L->seen[i].name, s, n) == 0)
			return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, 1,
				       "section %s repeated (first on line %d)", quoted,
				       L->seen[i].line);
	status = type->open(L, s + prefix, n - prefix);
	if (status != VIPCARE_OK)
		return status;
	L->seen[L->seen_count].name = s;
	L->seen[L->seen_count].len = n;
	L->seen[L->seen_count].line = L->line;
	L->seen_count++;
	L->type = type;
	snprintf(L->label, sizeof(L->label), "[%.*s]", (int)n, s);
	memset(L->key_line, 0, sizeof(L->key_line));
	return VIPCARE_OK;
}

/*
 * 1 when @key is the key @entry of a section's table; an entry ending in
 * KEY_ARG matches its prefix followed by a non-empty argument, which is
 * returned in @arg and @arg_len.
 */
static int key_matches(const char *entry, const char *key, size_t len, const char **arg,
		       size_t *arg_len)
{
	size_t n = strlen(entry), arg_at = n - (sizeof(KEY_ARG) - 1) + 1;

	*arg = NULL;
	*arg_len = 0;
	if (n < sizeof(KEY_ARG) || strcmp(entry + n - (sizeof(KEY_ARG) - 1), KEY_ARG) != 0)
		return same(key, len, entry);
	if (len <= arg_at || memcmp(key, entry, arg_at) != 0)
		return 0;
	*arg = key + arg_at;
	*arg_len = len - arg_at;
	return 1;
}

static int key_line(struct loader *L, const char *s, size_t n, const char *eq, const char *end)
{
	const char *key = s, *value = eq + 1;
	size_t key_len = (size_t)(eq - s), value_len = (size_t)(end - value);
	const struct section_type *type = L->type;
	char quoted[64], keys[160] = "";
	int i;

	trim(&key, &key_len);
	trim(&value, &value_len);
	vipcare__quote(quoted, sizeof(quoted), key, key_len);
	if (key_len == 0) {
		vipcare__quote(quoted, sizeof(quoted), s, n);
		return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, column(L, s),
			       "expected \"key = value\", found %s", quoted);
	}
	if (type == NULL)
		return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, column(L, key),
			       "key %s before any section; a policy file starts with a [section] line",
			       quoted);
	/* a section without a key table ([targets]) looks its keys up itself */
	if (type->keys == NULL) {
		L->key_arg = key;
		L->key_arg_len = key_len;
		L->key_col = column(L, key);
		return type->key(L, -1, value, value_len, column(L, value_len > 0 ? value : end));
	}
	for (i = 0; type->keys[i] != NULL; i++)
		if (key_matches(type->keys[i], key, key_len, &L->key_arg, &L->key_arg_len))
			break;
	if (type->keys[i] == NULL) {
		size_t used = 0;

		if (type->key == care_key) {
			care_key_list(keys, sizeof(keys), L->care[L->care_count - 1].kind);
			used = sizeof(keys);
		}
		for (i = 0; type->keys[i] != NULL && used < sizeof(keys); i++) {
			int w = snprintf(keys + used, sizeof(keys) - used, "%s%s", i > 0 ? ", " : "",
					 type->keys[i]);

			used += w > 0 ? (size_t)w : 0;
		}
		return fail_at(L, VIPCARE_E_POLICY_KEY, L->line, column(L, key),
			       "unknown key %s in %s; expected one of: %s", quoted, L->label, keys);
	}
	/* a key with an argument is repeated only with the same argument: its handler checks */
	if (L->key_line[i] != 0 && L->key_arg == NULL)
		return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, column(L, key),
			       "%s %s repeated (first on line %d)", L->label, type->keys[i],
			       L->key_line[i]);
	L->key_line[i] = L->line;
	L->key_col = column(L, key);
	return type->key(L, i, value, value_len, column(L, value_len > 0 ? value : end));
}

enum byte_problem { BYTE_OK, BYTE_NUL, BYTE_UTF8, BYTE_CONTROL };

/*
 * Finds the first byte of a line that a policy file may not hold: NUL,
 * control characters other than tab, invalid UTF-8. Returns its offset
 * (n when there is none) and the kind of problem.
 */
static size_t bad_byte(const unsigned char *s, size_t n, enum byte_problem *problem)
{
	size_t i = 0;

	*problem = BYTE_UTF8;
	while (i < n) {
		uint32_t cp;
		size_t len, k;

		if (s[i] < 0x80) {
			len = 1;
			cp = s[i];
		} else if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			len = 2;
			cp = s[i] & 0x1fu;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			len = 3;
			cp = s[i] & 0x0fu;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			len = 4;
			cp = s[i] & 0x07u;
		} else {
			return i;
		}
		if (len > n - i)
			return i;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7f && cp <= 0x9f)) {
			*problem = cp == 0 ? BYTE_NUL : BYTE_CONTROL;
			return i;
		}
		i += len;
	}
	*problem = BYTE_OK;
	return n;
}

static int byte_error(struct loader *L, const char *s, size_t bad, enum byte_problem problem)
{
	const char *eq = NULL, *key = s;
	size_t key_len, i;
	char what[64], where[96] = "";
	unsigned byte = (unsigned char)s[bad];

	if (problem == BYTE_NUL)
		snprintf(what, sizeof(what), "a NUL byte");
	else if (problem == BYTE_CONTROL)
		snprintf(what, sizeof(what), "the control character 0x%02x", byte);
	else
		snprintf(what, sizeof(what), "the byte 0x%02x, which is not UTF-8", byte);
	/* name the key when the byte follows one, so the line is easy to find */
	for (i = 0; i < bad && s[i] != '#' && s[i] != ';'; i++) {
		if (s[i] == '=') {
			eq = s + i;
			break;
		}
	}
	if (eq != NULL && L->type != NULL) {
		key_len = (size_t)(eq - s);
		trim(&key, &key_len);
		if (key_len > 0 && key_len <= 40 && key[0] != '[')
			snprintf(where, sizeof(where), "%s %.*s: ", L->label, (int)key_len, key);
	}
	return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, column(L, s + bad),
		       "%sfound %s; UTF-8 text without control characters expected", where, what);
}

static int parse_line(struct loader *L, const char *s, size_t n)
{
	const char *end, *eq, *close;
	enum byte_problem problem;
	size_t bad = bad_byte((const unsigned char *)s, n, &problem), i, len;
	char quoted[64];

	if (problem != BYTE_OK)
		return byte_error(L, s, bad, problem);
	for (i = 0; i < n && s[i] != '#' && s[i] != ';'; i++)
		;
	end = s + i;
	while (end > s && is_blank(end[-1]))
		end--;
	while (s < end && is_blank(*s))
		s++;
	if (s == end)
		return VIPCARE_OK;
	len = (size_t)(end - s);
	if (*s == '[') {
		const char *name = s + 1;
		size_t name_len;

		close = memchr(s, ']', len);
		name_len = close != NULL ? (size_t)(close - name) : 0;
		trim(&name, &name_len);
		if (close == NULL || close != end - 1 || name_len == 0 ||
		    memchr(name, '[', name_len) != NULL) {
			vipcare__quote(quoted, sizeof(quoted), s, len);
			return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, column(L, s),
				       "malformed section header %s; expected \"[name]\"", quoted);
		}
		return open_section(L, name, name_len);
	}
	eq = memchr(s, '=', len);
	if (eq == NULL) {
		vipcare__quote(quoted, sizeof(quoted), s, len);
		return fail_at(L, VIPCARE_E_POLICY_SYNTAX, L->line, column(L, s),
			       "expected \"key = value\" or a [section] line, found %s", quoted);
	}
	return key_line(L, s, len, eq, end);
}

static int parse(struct loader *L, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);
		int status;

		L->line++;
		L->line_start = p;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		status = parse_line(L, p, n);
		if (status != VIPCARE_OK)
			return status;
		p = nl != NULL ? nl + 1 : end;
	}
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- */
/* Applying                                                          */
/* ---------------------------------------------------------------- */

/* Reports a failed whole-policy check at the line of the key to blame. */
static int check_error(struct loader *L, const char *why, const struct vipcare__policy_fault *fault)
{
	const struct vipcare_policy *p = &L->scratch;
	int line = 0, at = -1, field = 0, r;

	if (fault->rank >= 0) {
		/* the latest line that set a threshold involved is the likely edit */
		for (r = fault->pair ? fault->rank - 1 : fault->rank; r <= fault->rank; r++) {
			if ((fault->fields & VIPCARE__FAULT_SPEND) && L->spend_line[r] > line) {
				line = L->spend_line[r];
				at = r;
				field = 1;
			}
			if ((fault->fields & VIPCARE__FAULT_VISITS) && L->visits_line[r] > line) {
				line = L->visits_line[r];
				at = r;
				field = 2;
			}
		}
	}
	if (at >= 0)
		return fail_at(L, VIPCARE_E_POLICY_INVALID, line, 0, "[tier.%s] %s: %s",
			       p->tiers[at].name, field == 1 ? "min_spend" : "min_visits", why);
	if (L->order_line > 0)
		return fail_at(L, VIPCARE_E_POLICY_INVALID, L->order_line, 0, "[tiers] order: %s",
			       why);
	return fail_at(L, VIPCARE_E_POLICY_INVALID, 0, 0, "%s", why);
}

/*
 * A benefit's check message starts with `benefit "ID"`: the file names the
 * section instead, at its line, when the file has one.
 */
static int benefit_check_error(struct loader *L, const char *why,
			       const struct vipcare__benefit_fault *fault)
{
	const struct vipcare_policy *p = &L->scratch;
	char prefix[VIPCARE_BENEFIT_ID_MAX + 16], list[VIPCARE__MSG_SIZE];
	const char *id;
	size_t len;

	if (fault->benefit < 0 || fault->benefit >= p->benefit_count)
		return fail_at(L, VIPCARE_E_POLICY_INVALID, 0, 0, "%s", why);
	id = p->benefits[fault->benefit].id;
	if (fault->kind == VIPCARE__BENEFIT_FAULT_MIN_TIER && L->order_line > 0 &&
	    L->old_min_tier[fault->benefit][0] != '\0') {
		vipcare__tier_list(list, sizeof(list), p);
		return fail_at(L, VIPCARE_E_POLICY_INVALID, L->order_line, 0,
			       "[tiers] order: benefit \"%s\" has min_tier \"%s\", which is no "
			       "longer listed; give [benefit.%s] a min_tier of the tiers (%s)",
			       id, L->old_min_tier[fault->benefit], id, list);
	}
	snprintf(prefix, sizeof(prefix), "benefit \"%s\"", id);
	len = strlen(prefix);
	if (L->benefit_line[fault->benefit] > 0 && strncmp(why, prefix, len) == 0)
		return fail_at(L, VIPCARE_E_POLICY_INVALID, L->benefit_line[fault->benefit], 1,
			       "[benefit.%s]%s", id, why + len);
	if (L->order_line > 0)
		return fail_at(L, VIPCARE_E_POLICY_INVALID, L->order_line, 0, "[tiers] order: %s",
			       why);
	return fail_at(L, VIPCARE_E_POLICY_INVALID, 0, 0, "%s", why);
}

static int unknown_tier(struct loader *L, int line, int col, const char *key, const char *tier,
			const char *list)
{
	return fail_at(L, VIPCARE_E_UNKNOWN_TIER, line, col,
		       "%s %s: tier \"%s\" is not one of the tiers (%s)%s", L->label, key, tier,
		       list, L->order_count > 0 ? " listed by [tiers] order" : "");
}

/*
 * A benefit already in the policy (a default one, or one added before) is
 * changed; a new id is appended, in file order. `quota` sets every tier
 * first, so that `quota.TIER` overrides it wherever it is in the section.
 */
static int apply_benefit(struct loader *L, const struct benefit_section *s, const char *list)
{
	struct vipcare_policy *p = &L->scratch;
	struct vipcare__benefit *b;
	size_t index;
	int i, r, rank;

	snprintf(L->label, sizeof(L->label), "[benefit.%s]", s->id);
	if (vipcare_policy_benefit_index(p, s->id, &index) != VIPCARE_OK) {
		if (p->benefit_count >= VIPCARE_BENEFITS_MAX)
			return fail_at(L, VIPCARE_E_POLICY_VALUE, s->line, 1,
				       "%s: a policy holds at most %d benefits", L->label,
				       VIPCARE_BENEFITS_MAX);
		if (vipcare_policy_add_benefit(p, s->id, &index) != VIPCARE_OK)
			return fail_at(L, VIPCARE_E_POLICY_VALUE, s->line, 1, "%s: %s", L->label,
				       p->last_error);
	}
	b = &p->benefits[index];
	L->benefit_line[index] = s->line;
	if (s->name_line > 0)
		memcpy(b->name, s->name, sizeof(b->name));
	if (s->min_line > 0) {
		if (vipcare_policy_tier_rank(p, s->min_tier, &rank) != VIPCARE_OK)
			return unknown_tier(L, s->min_line, s->min_col, "min_tier", s->min_tier, list);
		b->min_tier = rank;
	}
	if (s->quota_line > 0)
		for (r = 0; r < p->tier_count; r++)
			b->quota[r] = s->quota;
	for (i = 0; i < s->tier_quota_count; i++) {
		const struct tier_quota *tq = &s->tier_quota[i];
		char key[VIPCARE_TIER_NAME_MAX + 8];

		if (vipcare_policy_tier_rank(p, tq->tier, &rank) != VIPCARE_OK) {
			snprintf(key, sizeof(key), "quota.%s", tq->tier);
			return unknown_tier(L, tq->line, tq->col, key, tq->tier, list);
		}
		b->quota[rank] = tq->quota;
	}
	if (s->window_line > 0) {
		b->window = s->window;
		b->window_days = s->window_days;
	}
	return VIPCARE_OK;
}

/* A [care.KIND] section changes the keys it gives; tiers are named by the final list. */
static int apply_care(struct loader *L, const struct care_section *s, const char *list)
{
	struct vipcare_policy *p = &L->scratch;
	struct vipcare__care *care = &p->care[s->kind];
	char key[VIPCARE_TIER_NAME_MAX + 16];
	int i, rank;

	snprintf(L->label, sizeof(L->label), "[care.%s]", vipcare_care_kind_name(s->kind));
	if (s->enabled_line > 0)
		care->enabled = s->enabled;
	if (s->marketing_line > 0)
		care->marketing = s->marketing;
	if (s->min_line > 0) {
		if (vipcare_policy_tier_rank(p, s->min_tier, &rank) != VIPCARE_OK)
			return unknown_tier(L, s->min_line, s->min_col, "min_tier", s->min_tier, list);
		care->min_tier = rank;
	}
	if (s->channels_line > 0) {
		memset(care->channels, 0, sizeof(care->channels));
		memcpy(care->channels, s->channels, (size_t)s->channel_count);
		care->channel_count = s->channel_count;
	}
	if (s->days_line > 0)
		care->days = s->days;
	for (i = 0; i < s->period_count; i++) {
		const struct care_period *cp = &s->periods[i];

		if (vipcare_policy_tier_rank(p, cp->tier, &rank) != VIPCARE_OK) {
			snprintf(key, sizeof(key), "period.%s", cp->tier);
			return unknown_tier(L, cp->line, cp->col, key, cp->tier, list);
		}
		p->advisor_period[rank] = (int8_t)cp->period;
	}
	return VIPCARE_OK;
}

/* [points] changes the keys it gives; multipliers name tiers of the final list. */
static int apply_points(struct loader *L, const char *list)
{
	struct vipcare_policy *p = &L->scratch;
	const struct points_section *ps = &L->points;
	char key[VIPCARE_TIER_NAME_MAX + 16];
	int i, rank;

	snprintf(L->label, sizeof(L->label), "[points]");
	if (ps->unit_line > 0)
		p->points_unit = ps->unit;
	if (ps->expiry_line > 0)
		p->points_expiry_years = ps->expiry_years;
	for (i = 0; i < ps->multiplier_count; i++) {
		const struct points_multiplier *m = &ps->multipliers[i];

		if (vipcare_policy_tier_rank(p, m->tier, &rank) != VIPCARE_OK) {
			snprintf(key, sizeof(key), "multiplier.%s", m->tier);
			return unknown_tier(L, m->line, m->col, key, m->tier, list);
		}
		p->points_multiplier[rank] = m->hundredths;
	}
	return VIPCARE_OK;
}

static int apply(struct loader *L)
{
	struct vipcare_policy *p = &L->scratch;
	const char *names[VIPCARE_TIERS_MAX];
	char list[VIPCARE__MSG_SIZE], why[VIPCARE__MSG_SIZE];
	struct vipcare__policy_fault fault;
	struct vipcare__benefit_fault benefit_fault;
	int i, s, rank, status;

	for (i = 0; i < p->benefit_count && i < VIPCARE_BENEFITS_MAX; i++) {
		int min = p->benefits[i].min_tier;

		if (min >= 0 && min < p->tier_count)
			memcpy(L->old_min_tier[i], p->tiers[min].name, sizeof(L->old_min_tier[i]));
	}
	if (L->order_count > 0) {
		for (i = 0; i < L->order_count; i++)
			names[i] = L->order[i];
		status = vipcare_policy_set_tiers(p, names, (size_t)L->order_count);
		if (status != VIPCARE_OK)
			return fail_at(L, VIPCARE_E_POLICY_VALUE, L->order_line, 0,
				       "[tiers] order: %s", p->last_error);
	}
	vipcare__tier_list(list, sizeof(list), p);
	for (i = 0; i < L->tier_count; i++) {
		const struct tier_section *t = &L->tiers[i];
		struct vipcare__tier *to;

		if (vipcare_policy_tier_rank(p, t->name, &rank) != VIPCARE_OK)
			return fail_at(L, VIPCARE_E_UNKNOWN_TIER, t->line, 1,
				       "[tier.%s]: tier \"%s\" is not one of the tiers (%s)%s", t->name,
				       t->name, list,
				       L->order_count > 0 ? " listed by [tiers] order" : "");
		/* set directly: the base tier's thresholds are refused by the check */
		to = &p->tiers[rank];
		if (t->spend_line > 0) {
			to->has_min_spend = t->has_spend;
			to->min_spend = t->spend;
			L->spend_line[rank] = t->spend_line;
		}
		if (t->visits_line > 0) {
			to->has_min_visits = t->has_visits;
			to->min_visits = t->visits;
			L->visits_line[rank] = t->visits_line;
		}
	}
	for (i = 0; i < L->benefit_count; i++) {
		status = apply_benefit(L, &L->benefits[i], list);
		if (status != VIPCARE_OK)
			return status;
	}
	for (i = 0; i < L->care_count; i++) {
		status = apply_care(L, &L->care[i], list);
		if (status != VIPCARE_OK)
			return status;
	}
	status = apply_points(L, list);
	if (status != VIPCARE_OK)
		return status;
	for (s = 1; s < VIPCARE__SETTING_COUNT; s++)
		if (L->setting_line[s] > 0)
			p->settings[s] = L->setting[s];
	for (i = 0; i < VIPCARE__KPI_COUNT; i++)
		if (L->target_line[i] > 0)
			p->targets[i] = L->targets[i];
	if (L->vip_line > 0) {
		if (vipcare_policy_tier_rank(p, L->vip, &rank) != VIPCARE_OK)
			return fail_at(L, VIPCARE_E_UNKNOWN_TIER, L->vip_line, L->vip_col,
				       "[program] vip_min_tier: tier \"%s\" is not one of the tiers "
				       "(%s)",
				       L->vip, list);
		p->vip_min_tier = rank;
	}
	if (vipcare__policy_check_tiers(p, why, &fault) != VIPCARE_OK)
		return check_error(L, why, &fault);
	if (vipcare__policy_check_benefits(p, why, &benefit_fault) != VIPCARE_OK)
		return benefit_check_error(L, why, &benefit_fault);
	/* the care rules: every value was checked while reading, so this never fails today */
	if (vipcare__policy_check(p, why, NULL) != VIPCARE_OK)
		return fail_at(L, VIPCARE_E_POLICY_INVALID, 0, 0, "%s", why);
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_load_string(struct vipcare_policy *policy, const char *text,
					   size_t len, const char *name)
{
	struct loader *L;
	int status;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (name == NULL)
		name = "<policy>";
	if (text == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "%s: the policy text is NULL", name);
	if (len > TEXT_MAX)
		return vipcare__fail(policy->last_error, VIPCARE_E_POLICY_SYNTAX,
				     "%s: the policy text is %zu bytes long; at most %d allowed", name,
				     len, TEXT_MAX);
	L = calloc(1, sizeof(*L));
	if (L == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_NO_MEMORY,
				     "%s: out of memory", name);
	L->file = name;
	L->msg = policy->last_error;
	L->scratch = *policy;
	status = parse(L, text, len);
	if (status == VIPCARE_OK)
		status = apply(L);
	if (status == VIPCARE_OK) {
		memcpy(policy->name, L->scratch.name, sizeof(policy->name));
		memcpy(policy->settings, L->scratch.settings, sizeof(policy->settings));
		policy->vip_min_tier = L->scratch.vip_min_tier;
		policy->tier_count = L->scratch.tier_count;
		memcpy(policy->tiers, L->scratch.tiers, sizeof(policy->tiers));
		policy->benefit_count = L->scratch.benefit_count;
		memcpy(policy->benefits, L->scratch.benefits, sizeof(policy->benefits));
		memcpy(policy->care, L->scratch.care, sizeof(policy->care));
		memcpy(policy->advisor_period, L->scratch.advisor_period,
		       sizeof(policy->advisor_period));
		memcpy(policy->targets, L->scratch.targets, sizeof(policy->targets));
		policy->points_unit = L->scratch.points_unit;
		policy->points_expiry_years = L->scratch.points_expiry_years;
		memcpy(policy->points_multiplier, L->scratch.points_multiplier,
		       sizeof(policy->points_multiplier));
	}
	free(L);
	return status;
}

VIPCARE_API int vipcare_policy_load_file(struct vipcare_policy *policy, const char *path)
{
	char *text = NULL;
	size_t len = 0, size = 0;
	FILE *f;
	int status;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (path == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the policy file path is NULL");
	f = fopen(path, "rb");
	if (f == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_IO,
				     "%s: cannot open the policy file: %s", path, strerror(errno));
	/* read one byte past the limit, to tell a file at the limit from a bigger one */
	while (len <= TEXT_MAX) {
		char *grown;
		size_t got;

		if (len == size) {
			size = size == 0 ? 4096 : size * 2;
			if (size > TEXT_MAX + 1)
				size = TEXT_MAX + 1;
			grown = realloc(text, size);
			if (grown == NULL) {
				free(text);
				fclose(f);
				return vipcare__fail(policy->last_error, VIPCARE_E_NO_MEMORY,
						     "%s: out of memory", path);
			}
			text = grown;
		}
		got = fread(text + len, 1, size - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		status = vipcare__fail(policy->last_error, VIPCARE_E_IO,
				       "%s: cannot read the policy file: %s", path, strerror(errno));
	} else if (len > TEXT_MAX) {
		status = vipcare__fail(policy->last_error, VIPCARE_E_POLICY_SYNTAX,
				       "%s: the policy file is more than %d bytes long", path,
				       TEXT_MAX);
	} else {
		status = vipcare_policy_load_string(policy, text != NULL ? text : "", len, path);
	}
	free(text);
	fclose(f);
	return status;
}
