/*
 * libvipcare — the effective policy written back as policy file text
 * that loads, over the default policy, to an equal policy.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy-targets.h"
#include "policy-points.h"

struct text {
	char *buf;
	size_t len, size;
	int failed;
};

static void put(struct text *t, const char *fmt, ...) VIPCARE__PRINTF(2, 3);

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (t->failed)
		return;
	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->failed = 1;
		return;
	}
	if ((size_t)n >= t->size - t->len) {
		size_t size = t->size;
		char *grown;

		while ((size_t)n >= size - t->len)
			size *= 2;
		grown = realloc(t->buf, size);
		if (grown == NULL) {
			t->failed = 1;
			return;
		}
		t->buf = grown;
		t->size = size;
		va_start(ap, fmt);
		n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			t->failed = 1;
			return;
		}
	}
	t->len += (size_t)n;
}

/*
 * A threshold a tier lacks is written as "none" only where loading over
 * the default policy would otherwise keep the default's value: when the
 * default policy has a tier of that name with that threshold.
 */
static void put_tier(struct text *t, const struct vipcare__tier *tier,
		     const struct vipcare_policy *fallback)
{
	char money[VIPCARE_MONEY_BUFSIZE];
	int spend_needed = 0, visits_needed = 0, rank;

	if (vipcare_policy_tier_rank(fallback, tier->name, &rank) == VIPCARE_OK) {
		spend_needed = fallback->tiers[rank].has_min_spend;
		visits_needed = fallback->tiers[rank].has_min_visits;
	}
	put(t, "\n[tier.%s]\n", tier->name);
	if (tier->has_min_spend) {
		if (vipcare_money_format(money, sizeof(money), tier->min_spend) != VIPCARE_OK)
			t->failed = 1;
		else
			put(t, "min_spend = %s\n", money);
	} else if (spend_needed) {
		put(t, "min_spend = none\n");
	}
	if (tier->has_min_visits)
		put(t, "min_visits = %d\n", (int)tier->min_visits);
	else if (visits_needed)
		put(t, "min_visits = none\n");
}

static void put_quota(struct text *t, const char *key, const struct vipcare__quota *q)
{
	const char *period = vipcare_period_name(q->period);

	/* the setters let no other period in */
	if (period == NULL)
		return;
	if (q->period == VIPCARE_PERIOD_UNLIMITED)
		put(t, "%s = unlimited\n", key);
	else
		put(t, "%s = %ld per %s\n", key, (long)q->count, period);
}

static int quota_same(const struct vipcare__quota *a, const struct vipcare__quota *b)
{
	return a->set == b->set && a->period == b->period && a->count == b->count;
}

/*
 * Every key is written, so that the section gives the benefit whatever it
 * held before: a default benefit changed, or a new one. Only the quotas of
 * tiers at or above min_tier matter; one `quota` line when they agree.
 */
static void put_benefit(struct text *t, const struct vipcare_policy *p,
			const struct vipcare__benefit *b)
{
	char key[VIPCARE_TIER_NAME_MAX + 8];
	int has_min = b->min_tier >= 0 && b->min_tier < p->tier_count;
	int from = has_min ? b->min_tier : 0;
	int r, shared = 1;

	put(t, "\n[benefit.%s]\nname = %s\n", b->id, b->name);
	/* a min_tier whose tier was dropped cannot be written: the text will not load */
	if (has_min)
		put(t, "min_tier = %s\n", p->tiers[from].name);
	for (r = from; r < p->tier_count; r++)
		if (!b->quota[r].set || !quota_same(&b->quota[r], &b->quota[from]))
			shared = 0;
	if (shared) {
		put_quota(t, "quota", &b->quota[from]);
	} else {
		for (r = from; r < p->tier_count; r++) {
			if (!b->quota[r].set)
				continue;
			snprintf(key, sizeof(key), "quota.%s", p->tiers[r].name);
			put_quota(t, key, &b->quota[r]);
		}
	}
	switch (b->window) {
	case VIPCARE_WINDOW_ALWAYS:
		put(t, "window = always\n");
		break;
	case VIPCARE_WINDOW_BIRTHDAY_MONTH:
		put(t, "window = birthday_month\n");
		break;
	case VIPCARE_WINDOW_BIRTHDAY_DAYS:
		put(t, "window = birthday\u00b1%ld\n", (long)b->window_days);
		break;
	case VIPCARE_WINDOW_FIRST_DAYS:
		put(t, "window = first_%ld_days\n", (long)b->window_days);
		break;
	default:
		break; /* the setters let no other window in */
	}
}

/*
 * Every key of every kind is written, and a period for every tier: the
 * text then gives the rules back over any policy, whatever its periods
 * were. An empty channel list is written as "none".
 */
static void put_care(struct text *t, const struct vipcare_policy *p, int kind)
{
	const struct vipcare__care *care = &p->care[kind];
	int c, r;

	put(t, "\n[care.%s]\nenabled = %d\n", vipcare_care_kind_name(kind), care->enabled);
	/* the check refuses a min_tier outside the list; such text would not load */
	if (care->min_tier >= 0 && care->min_tier < p->tier_count)
		put(t, "min_tier = %s\n", p->tiers[care->min_tier].name);
	if (kind == VIPCARE_CARE_FOLLOWUP_3D)
		put(t, "days = %ld\n", (long)care->days);
	else if (kind == VIPCARE_CARE_BIRTHDAY)
		put(t, "lead_days = %ld\n", (long)care->days);
	put(t, "channels = ");
	for (c = 0; c < care->channel_count && c < VIPCARE_CHANNEL_COUNT; c++) {
		const char *name = vipcare_channel_name(care->channels[c]);

		put(t, "%s%s", c > 0 ? ", " : "", name != NULL ? name : "?");
	}
	put(t, "%s\nmarketing = %d\n", care->channel_count == 0 ? "none" : "", care->marketing);
	if (kind != VIPCARE_CARE_ADVISOR_CONTACT)
		return;
	for (r = 0; r < p->tier_count; r++) {
		const char *period = vipcare_period_name(p->advisor_period[r]);

		put(t, "period.%s = %s\n", p->tiers[r].name,
		    p->advisor_period[r] >= 0 && period != NULL ? period : "none");
	}
}

/*
 * Every key, and a multiplier for every tier, as the advisor periods: the
 * text then gives the rules back over any policy, whatever its tiers had.
 */
static void put_points(struct text *t, const struct vipcare_policy *p)
{
	char money[VIPCARE_MONEY_BUFSIZE];
	int r;

	put(t, "\n[points]\n");
	if (vipcare_money_format(money, sizeof(money), p->points_unit) != VIPCARE_OK)
		t->failed = 1;
	else
		put(t, "unit = %s\n", money);
	put(t, "expiry_years = %ld\n", (long)p->points_expiry_years);
	for (r = 0; r < p->tier_count; r++) {
		if (vipcare_money_format(money, sizeof(money), p->points_multiplier[r]) !=
		    VIPCARE_OK)
			t->failed = 1;
		else
			put(t, "multiplier.%s = %s\n", p->tiers[r].name, money);
	}
}

/*
 * The targets in KPI order; a KPI without one is written as "none" only
 * where the default policy has one, since only there would it come back.
 */
static void put_targets(struct text *t, const struct vipcare_policy *p,
			const struct vipcare_policy *fallback)
{
	char value[VIPCARE__TARGET_TEXT_SIZE];
	int k;

	put(t, "\n[targets]\n");
	for (k = 0; k < VIPCARE__KPI_COUNT; k++) {
		if (p->targets[k].op == VIPCARE_TARGET_NONE &&
		    fallback->targets[k].op == VIPCARE_TARGET_NONE)
			continue;
		vipcare__target_text(value, sizeof(value), k, &p->targets[k]);
		put(t, "%s = %s\n", vipcare_kpi_name(k), value);
	}
}

VIPCARE_API int vipcare_policy_to_text(const struct vipcare_policy *policy, char **out)
{
	static const int program_order[] = {
		VIPCARE_SETTING_WINDOW_DAYS, VIPCARE_SETTING_RETAIN_DAYS, 0,
		VIPCARE_SETTING_LAPSE_DAYS, VIPCARE_SETTING_OVERDUE_DAYS,
		VIPCARE_SETTING_SLA_MINUTES, VIPCARE_SETTING_CONVERSION_DAYS,
	};
	struct vipcare_policy fallback;
	struct text t;
	size_t i;
	int r;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	if (policy == NULL || policy->tier_count < 1 || policy->tier_count > VIPCARE_TIERS_MAX)
		return VIPCARE_E_INVALID_ARGUMENT;
	memset(&fallback, 0, sizeof(fallback));
	vipcare__policy_set_default(&fallback);
	t.size = 2048;
	t.len = 0;
	t.failed = 0;
	t.buf = malloc(t.size);
	if (t.buf == NULL)
		return VIPCARE_E_NO_MEMORY;
	put(&t, "# VIP programme policy, written by libvipcare %s.\n"
		"# Read over the default policy it gives this policy back; the format is\n"
		"# described in docs/policy.md.\n\n",
	    VIPCARE_VERSION_STRING);
	put(&t, "[program]\nname = %s\n", policy->name);
	for (i = 0; i < sizeof(program_order) / sizeof(program_order[0]); i++) {
		int s = program_order[i];

		if (s == 0)
			put(&t, "vip_min_tier = %s\n", policy->tiers[policy->vip_min_tier].name);
		else
			put(&t, "%s = %lld\n", vipcare_setting_name(s),
			    (long long)policy->settings[s]);
	}
	/*
	 * The care rules follow the settings they go with (lapse_days); the
	 * benefits follow the tiers, then the points, and the targets close the
	 * text, as in DESIGN §8.
	 */
	for (r = 0; r < VIPCARE_CARE_KINDS; r++)
		put_care(&t, policy, r);
	put(&t, "\n[tiers]\norder = ");
	for (r = 0; r < policy->tier_count; r++)
		put(&t, "%s%s", r > 0 ? ", " : "", policy->tiers[r].name);
	put(&t, "\n");
	for (r = 1; r < policy->tier_count; r++)
		put_tier(&t, &policy->tiers[r], &fallback);
	for (r = 0; r < policy->benefit_count && r < VIPCARE_BENEFITS_MAX; r++)
		put_benefit(&t, policy, &policy->benefits[r]);
	put_points(&t, policy);
	/* last, as in DESIGN §8 */
	put_targets(&t, policy, &fallback);
	if (t.failed) {
		free(t.buf);
		return VIPCARE_E_NO_MEMORY;
	}
	*out = t.buf;
	return VIPCARE_OK;
}
