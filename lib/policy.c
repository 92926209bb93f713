/*
 * libvipcare — the policy object: the default programme, setters and
 * getters, the whole-policy check, equality and copies. The policy file
 * lives in policy-file.c, the benefits in policy-benefits.c, the care
 * rules in policy-care.c, the KPI targets in policy-targets.c, the points
 * rules in policy-points.c.
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "policy-targets.h"
#include "policy-points.h"

struct setting_info {
	const char *name;
	int64_t min;
	int64_t max;
	int64_t fallback;
};

/* Indexed by enum vipcare_setting; index 0 is no setting. */
static const struct setting_info setting_info[VIPCARE__SETTING_COUNT] = {
	{ NULL, 0, 0, 0 },
	{ "window_days", 1, 36525, 365 },
	{ "retain_days", 0, 36525, 0 },
	{ "lapse_days", 1, 36525, 90 },
	{ "overdue_days", 0, 36525, 14 },
	{ "sla_minutes", 0, 5256000, 120 },
	{ "conversion_days", 1, 36525, 30 },
};

static int setting_known(int setting)
{
	return setting >= 1 && setting < VIPCARE__SETTING_COUNT;
}

static void set_tier(struct vipcare__tier *t, const char *name, int has_spend, int64_t spend,
		     int has_visits, int32_t visits)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->name, name);
	t->has_min_spend = has_spend;
	t->min_spend = has_spend ? spend : 0;
	t->has_min_visits = has_visits;
	t->min_visits = has_visits ? visits : 0;
}

void vipcare__policy_set_default(struct vipcare_policy *p)
{
	int s;

	memset(p->name, 0, sizeof(p->name));
	strcpy(p->name, "VIP Programme");
	for (s = 0; s < VIPCARE__SETTING_COUNT; s++)
		p->settings[s] = setting_info[s].fallback;
	memset(p->tiers, 0, sizeof(p->tiers));
	set_tier(&p->tiers[0], "member", 0, 0, 0, 0);
	set_tier(&p->tiers[1], "gold", 1, INT64_C(1000000), 0, 0);
	set_tier(&p->tiers[2], "platinum", 1, INT64_C(5000000), 0, 0);
	set_tier(&p->tiers[3], "diamond", 1, INT64_C(10000000), 1, 52);
	p->tier_count = 4;
	p->vip_min_tier = 1;
	vipcare__benefits_set_default(p);
	vipcare__care_set_default(p);
	vipcare__targets_set_default(p);
	vipcare__points_set_default(p);
}

static void money_text(char *buf, size_t size, int64_t amount)
{
	if (vipcare_money_format(buf, size, amount) != VIPCARE_OK && size > 0)
		buf[0] = '\0';
}

static int thresholds_equal(const struct vipcare__tier *a, const struct vipcare__tier *b)
{
	if (a->has_min_spend != b->has_min_spend || a->has_min_visits != b->has_min_visits)
		return 0;
	if (a->has_min_spend && a->min_spend != b->min_spend)
		return 0;
	if (a->has_min_visits && a->min_visits != b->min_visits)
		return 0;
	return 1;
}

/* Writes "min_spend 10000.00 and min_visits 52" (or one of them) into buf. */
static void describe_thresholds(char *buf, size_t size, const struct vipcare__tier *t)
{
	char money[VIPCARE_MONEY_BUFSIZE];

	money_text(money, sizeof(money), t->min_spend);
	if (t->has_min_spend && t->has_min_visits)
		snprintf(buf, size, "min_spend %s and min_visits %d", money, (int)t->min_visits);
	else if (t->has_min_spend)
		snprintf(buf, size, "min_spend %s", money);
	else if (t->has_min_visits)
		snprintf(buf, size, "min_visits %d", (int)t->min_visits);
	else
		snprintf(buf, size, "no thresholds");
}

/* A threshold of a lower tier must be present and not lower on the next. */
static int check_rising(const struct vipcare__tier *lo, const struct vipcare__tier *t, char *msg,
			int *fields)
{
	char a[VIPCARE_MONEY_BUFSIZE], b[VIPCARE_MONEY_BUFSIZE];

	*fields = VIPCARE__FAULT_SPEND;
	if (lo->has_min_spend) {
		money_text(a, sizeof(a), lo->min_spend);
		if (!t->has_min_spend)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier \"%s\" has no min_spend, but the lower tier \"%s\" "
					     "has min_spend %s",
					     t->name, lo->name, a);
		money_text(b, sizeof(b), t->min_spend);
		if (t->min_spend < lo->min_spend)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier \"%s\": min_spend %s is below min_spend %s of the "
					     "lower tier \"%s\"",
					     t->name, b, a, lo->name);
	}
	*fields = VIPCARE__FAULT_VISITS;
	if (lo->has_min_visits) {
		if (!t->has_min_visits)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier \"%s\" has no min_visits, but the lower tier \"%s\" "
					     "has min_visits %d",
					     t->name, lo->name, (int)lo->min_visits);
		if (t->min_visits < lo->min_visits)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier \"%s\": min_visits %d is below min_visits %d of the "
					     "lower tier \"%s\"",
					     t->name, (int)t->min_visits, (int)lo->min_visits, lo->name);
	}
	return VIPCARE_OK;
}

/*
 * The rules are checked tier by tier from the base up, so that the first
 * failing rule is always about the lowest tier involved; policy-file.c
 * relies on that order to point at the line to blame.
 */
static void blame(struct vipcare__policy_fault *fault, int rank, int fields, int pair)
{
	if (fault == NULL)
		return;
	fault->rank = rank;
	fault->fields = fields;
	fault->pair = pair;
}

static int tier_fields(const struct vipcare__tier *t)
{
	return (t->has_min_spend ? VIPCARE__FAULT_SPEND : 0) |
	       (t->has_min_visits ? VIPCARE__FAULT_VISITS : 0);
}

int vipcare__policy_check_tiers(const struct vipcare_policy *p, char *msg,
				struct vipcare__policy_fault *fault)
{
	char text[96];
	int i, j, s, fields;

	blame(fault, -1, 0, 0);
	if (p->tier_count < 1 || p->tier_count > VIPCARE_TIERS_MAX)
		return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
				     "the policy has %d tiers; 1..%d expected", p->tier_count,
				     VIPCARE_TIERS_MAX);
	if (p->name[0] == '\0')
		return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID, "the programme name is empty");
	for (s = 1; s < VIPCARE__SETTING_COUNT; s++) {
		const struct setting_info *si = &setting_info[s];

		if (p->settings[s] < si->min || p->settings[s] > si->max)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "%s %lld is outside %lld..%lld", si->name,
					     (long long)p->settings[s], (long long)si->min,
					     (long long)si->max);
	}
	for (i = 0; i < p->tier_count; i++) {
		const struct vipcare__tier *t = &p->tiers[i];
		const char *end = memchr(t->name, '\0', sizeof(t->name));
		size_t len = end != NULL ? (size_t)(end - t->name) : sizeof(t->name);

		if (!vipcare__tier_name_ok(t->name, len)) {
			vipcare__quote(text, sizeof(text), t->name, len);
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier name %s is not valid; [A-Za-z0-9_-]{1,32} other "
					     "than \"none\" expected",
					     text);
		}
		for (j = 0; j < i; j++)
			if (strcmp(p->tiers[j].name, t->name) == 0)
				return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
						     "tier \"%s\" is listed twice (ranks %d and %d)",
						     t->name, j, i);
		if (i == 0) {
			if (t->has_min_spend || t->has_min_visits) {
				blame(fault, 0, tier_fields(t), 0);
				describe_thresholds(text, sizeof(text), t);
				return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
						     "tier \"%s\" is the base tier and cannot have "
						     "thresholds (it has %s)",
						     t->name, text);
			}
			continue;
		}
		blame(fault, i, VIPCARE__FAULT_SPEND | VIPCARE__FAULT_VISITS, 0);
		if (!t->has_min_spend && !t->has_min_visits)
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier \"%s\" has no thresholds; every tier above the base "
					     "tier \"%s\" needs min_spend and/or min_visits",
					     t->name, p->tiers[0].name);
		blame(fault, i, VIPCARE__FAULT_SPEND, 0);
		if (t->has_min_spend && (t->min_spend < 0 || t->min_spend > VIPCARE__SPEND_MAX))
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier \"%s\": min_spend is out of range", t->name);
		blame(fault, i, VIPCARE__FAULT_VISITS, 0);
		if (t->has_min_visits && (t->min_visits < 0 || t->min_visits > VIPCARE__VISITS_MAX))
			return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
					     "tier \"%s\": min_visits is out of range", t->name);
		if (i >= 2) {
			const struct vipcare__tier *lo = &p->tiers[i - 1];
			int status = check_rising(lo, t, msg, &fields);

			blame(fault, i, fields, 1);
			if (status != VIPCARE_OK)
				return status;
			blame(fault, i, VIPCARE__FAULT_SPEND | VIPCARE__FAULT_VISITS, 1);
			if (thresholds_equal(lo, t)) {
				describe_thresholds(text, sizeof(text), t);
				return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
						     "tiers \"%s\" and \"%s\" have the same thresholds "
						     "(%s); a higher tier must ask for more",
						     lo->name, t->name, text);
			}
		}
	}
	blame(fault, -1, 0, 0);
	if (p->vip_min_tier < 0 || p->vip_min_tier >= p->tier_count)
		return vipcare__fail(msg, VIPCARE_E_POLICY_INVALID,
				     "vip_min_tier rank %d is not a tier rank (0..%d)", p->vip_min_tier,
				     p->tier_count - 1);
	return VIPCARE_OK;
}

/*
 * Benefits and care rules come last: their min_tier, quotas and periods
 * only mean something once the tiers are sound.
 */
int vipcare__policy_check(const struct vipcare_policy *p, char *msg,
			  struct vipcare__policy_fault *fault)
{
	int status = vipcare__policy_check_tiers(p, msg, fault);

	if (status != VIPCARE_OK)
		return status;
	/* no threshold is to blame for a benefit or a care rule */
	blame(fault, -1, 0, 0);
	status = vipcare__policy_check_benefits(p, msg, NULL);
	if (status != VIPCARE_OK)
		return status;
	return vipcare__policy_check_care(p, msg);
}

VIPCARE_API int vipcare_policy_new(struct vipcare_policy **out)
{
	struct vipcare_policy *p;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return VIPCARE_E_NO_MEMORY;
	p->refcount = 1;
	vipcare__policy_set_default(p);
	*out = p;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_copy(struct vipcare_policy **out, const struct vipcare_policy *policy)
{
	struct vipcare_policy *p;

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	p = malloc(sizeof(*p));
	if (p == NULL)
		return VIPCARE_E_NO_MEMORY;
	*p = *policy;
	p->refcount = 1;
	p->last_error[0] = '\0';
	*out = p;
	return VIPCARE_OK;
}

VIPCARE_API struct vipcare_policy *vipcare_policy_ref(struct vipcare_policy *policy)
{
	if (policy != NULL)
		policy->refcount++;
	return policy;
}

VIPCARE_API struct vipcare_policy *vipcare_policy_unref(struct vipcare_policy *policy)
{
	if (policy != NULL && --policy->refcount <= 0)
		free(policy);
	return NULL;
}

VIPCARE_API const char *vipcare_policy_last_error(const struct vipcare_policy *policy)
{
	return policy != NULL ? policy->last_error : "";
}

VIPCARE_API int vipcare_policy_validate(struct vipcare_policy *policy)
{
	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	return vipcare__policy_check(policy, policy->last_error, NULL);
}

VIPCARE_API int vipcare_policy_equal(const struct vipcare_policy *a, const struct vipcare_policy *b)
{
	int i;

	if (a == NULL || b == NULL)
		return 0;
	if (strcmp(a->name, b->name) != 0 || a->tier_count != b->tier_count ||
	    a->vip_min_tier != b->vip_min_tier)
		return 0;
	for (i = 1; i < VIPCARE__SETTING_COUNT; i++)
		if (a->settings[i] != b->settings[i])
			return 0;
	for (i = 0; i < a->tier_count && i < VIPCARE_TIERS_MAX; i++)
		if (strcmp(a->tiers[i].name, b->tiers[i].name) != 0 ||
		    !thresholds_equal(&a->tiers[i], &b->tiers[i]))
			return 0;
	return vipcare__benefits_equal(a, b) && vipcare__care_equal(a, b) &&
	       vipcare__targets_equal(a, b) && vipcare__points_equal(a, b);
}

/*
 * A name must survive a trip through a policy file: no comment characters,
 * no control characters, nothing the file's trimming would cut off.
 */
static int name_problem(const char *name, size_t len, size_t *at)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t i = 0;

	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t') {
		*at = (s[0] == ' ' || s[0] == '\t') ? 0 : len - 1;
		return 1;
	}
	while (i < len) {
		uint32_t cp;
		size_t n, k;

		*at = i;
		if (s[i] < 0x80) {
			n = 1;
			cp = s[i];
		} else if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			n = 2;
			cp = s[i] & 0x1fu;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 3;
			cp = s[i] & 0x0fu;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 4;
			cp = s[i] & 0x07u;
		} else {
			return 2;
		}
		if (n > len - i)
			return 2;
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 2;
			cp = (cp << 6) | (s[i + k] & 0x3fu);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 2;
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return 3;
		if (cp == '#' || cp == ';')
			return 4;
		i += n;
	}
	return 0;
}

int vipcare__check_name(char *msg, const char *what, const char *name, size_t max)
{
	static const char *const problems[] = {
		"",
		"starts or ends with a space or tab",
		"is not valid UTF-8",
		"holds a control character",
		"holds '#' or ';', which start a comment in a policy file",
	};
	char quoted[64];
	size_t len = strlen(name), at = 0;
	int problem;

	if (len == 0 || len > max) {
		vipcare__quote(quoted, sizeof(quoted), name, len);
		return vipcare__fail(msg, VIPCARE_E_RANGE, "%s %s is %zu bytes long; 1..%zu expected",
				     what, quoted, len, max);
	}
	problem = name_problem(name, len, &at);
	if (problem != 0) {
		vipcare__quote(quoted, sizeof(quoted), name, len);
		return vipcare__fail(msg, VIPCARE_E_RANGE, "%s %s %s (byte %zu)", what, quoted,
				     problems[problem], at + 1);
	}
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_set_name(struct vipcare_policy *policy, const char *name)
{
	int status;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (name == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the programme name is NULL");
	status = vipcare__check_name(policy->last_error, "the programme name", name,
				     VIPCARE__POLICY_NAME_MAX);
	if (status != VIPCARE_OK)
		return status;
	memcpy(policy->name, name, strlen(name) + 1);
	return VIPCARE_OK;
}

VIPCARE_API const char *vipcare_policy_name(const struct vipcare_policy *policy)
{
	return policy != NULL ? policy->name : NULL;
}

VIPCARE_API int vipcare_policy_set(struct vipcare_policy *policy, int setting, int64_t value)
{
	const struct setting_info *si;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!setting_known(setting))
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "unknown setting %d", setting);
	si = &setting_info[setting];
	if (value < si->min || value > si->max)
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "%s %lld is outside %lld..%lld", si->name, (long long)value,
				     (long long)si->min, (long long)si->max);
	policy->settings[setting] = value;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_get(const struct vipcare_policy *policy, int setting, int64_t *out)
{
	if (policy == NULL || out == NULL || !setting_known(setting))
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = policy->settings[setting];
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_setting_bounds(int setting, int64_t *min, int64_t *max)
{
	if (!setting_known(setting))
		return VIPCARE_E_INVALID_ARGUMENT;
	if (min != NULL)
		*min = setting_info[setting].min;
	if (max != NULL)
		*max = setting_info[setting].max;
	return VIPCARE_OK;
}

VIPCARE_API const char *vipcare_setting_name(int setting)
{
	return setting_known(setting) ? setting_info[setting].name : NULL;
}

VIPCARE_API int vipcare_policy_set_tiers(struct vipcare_policy *policy, const char *const *names,
					 size_t count)
{
	struct vipcare__tier tiers[VIPCARE_TIERS_MAX];
	int old_rank[VIPCARE_TIERS_MAX];
	char quoted[64];
	int vip = -1;
	size_t i, j;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (names == NULL)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "the tier list is NULL");
	if (count < 1 || count > VIPCARE_TIERS_MAX)
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "%zu tiers given; 1..%d expected", count, VIPCARE_TIERS_MAX);
	for (i = 0; i < count; i++) {
		size_t len;

		if (names[i] == NULL)
			return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
					     "tier name %zu of the list is NULL", i + 1);
		len = strlen(names[i]);
		if (!vipcare__tier_name_ok(names[i], len)) {
			vipcare__quote(quoted, sizeof(quoted), names[i], len);
			return vipcare__fail(policy->last_error, VIPCARE_E_ID,
					     "tier name %s is not valid; [A-Za-z0-9_-]{1,32} other "
					     "than \"none\" expected",
					     quoted);
		}
		for (j = 0; j < i; j++)
			if (strcmp(names[j], names[i]) == 0)
				return vipcare__fail(policy->last_error,
						     VIPCARE_E_INVALID_ARGUMENT,
						     "tier \"%s\" is listed twice", names[i]);
	}
	memset(tiers, 0, sizeof(tiers));
	for (i = 0; i < count; i++) {
		strcpy(tiers[i].name, names[i]);
		old_rank[i] = -1;
		for (j = 0; j < (size_t)policy->tier_count; j++) {
			if (strcmp(policy->tiers[j].name, names[i]) != 0)
				continue;
			old_rank[i] = (int)j;
			/* the base tier never has thresholds, whatever it had before */
			if (i > 0)
				tiers[i] = policy->tiers[j];
			if ((int)j == policy->vip_min_tier)
				vip = (int)i;
		}
	}
	vipcare__benefits_retier(policy, old_rank, (int)count);
	vipcare__care_retier(policy, old_rank, (int)count);
	vipcare__points_retier(policy, old_rank, (int)count);
	memcpy(policy->tiers, tiers, sizeof(tiers));
	policy->tier_count = (int)count;
	if (vip < 0)
		vip = count > 1 ? 1 : 0;
	policy->vip_min_tier = vip;
	return VIPCARE_OK;
}

VIPCARE_API size_t vipcare_policy_tier_count(const struct vipcare_policy *policy)
{
	return policy != NULL ? (size_t)policy->tier_count : 0;
}

VIPCARE_API const char *vipcare_policy_tier_name(const struct vipcare_policy *policy, int rank)
{
	if (policy == NULL || rank < 0 || rank >= policy->tier_count)
		return NULL;
	return policy->tiers[rank].name;
}

VIPCARE_API int vipcare_policy_tier_rank(const struct vipcare_policy *policy, const char *name,
					 int *rank)
{
	int i;

	if (policy == NULL || name == NULL || rank == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	for (i = 0; i < policy->tier_count; i++) {
		if (strcmp(policy->tiers[i].name, name) == 0) {
			*rank = i;
			return VIPCARE_OK;
		}
	}
	return VIPCARE_E_UNKNOWN_TIER;
}

int vipcare__tier_rank_ok(struct vipcare_policy *policy, int rank)
{
	if (rank >= 0 && rank < policy->tier_count)
		return 1;
	vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
		      "rank %d is not a tier rank (0..%d)", rank, policy->tier_count - 1);
	return 0;
}

/* Ranks that may carry thresholds: every tier but the base. */
static int threshold_rank(struct vipcare_policy *policy, int rank)
{
	if (!vipcare__tier_rank_ok(policy, rank))
		return VIPCARE_E_INVALID_ARGUMENT;
	if (rank == 0)
		return vipcare__fail(policy->last_error, VIPCARE_E_INVALID_ARGUMENT,
				     "tier \"%s\" is the base tier and cannot have thresholds",
				     policy->tiers[0].name);
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_set_tier_min_spend(struct vipcare_policy *policy, int rank, int has,
						  int64_t min_spend)
{
	char a[VIPCARE_MONEY_BUFSIZE], b[VIPCARE_MONEY_BUFSIZE];
	int status;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	status = threshold_rank(policy, rank);
	if (status != VIPCARE_OK)
		return status;
	if (has && (min_spend < 0 || min_spend > VIPCARE__SPEND_MAX)) {
		money_text(a, sizeof(a), min_spend);
		money_text(b, sizeof(b), VIPCARE__SPEND_MAX);
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "tier \"%s\": min_spend %s is outside 0.00..%s",
				     policy->tiers[rank].name, a, b);
	}
	policy->tiers[rank].has_min_spend = has != 0;
	policy->tiers[rank].min_spend = has ? min_spend : 0;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_set_tier_min_visits(struct vipcare_policy *policy, int rank, int has,
						   int32_t min_visits)
{
	int status;

	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	status = threshold_rank(policy, rank);
	if (status != VIPCARE_OK)
		return status;
	if (has && (min_visits < 0 || min_visits > VIPCARE__VISITS_MAX))
		return vipcare__fail(policy->last_error, VIPCARE_E_RANGE,
				     "tier \"%s\": min_visits %ld is outside 0..%d",
				     policy->tiers[rank].name, (long)min_visits, VIPCARE__VISITS_MAX);
	policy->tiers[rank].has_min_visits = has != 0;
	policy->tiers[rank].min_visits = has ? min_visits : 0;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_tier_min_spend(const struct vipcare_policy *policy, int rank,
					      int64_t *min_spend)
{
	const struct vipcare__tier *t;

	if (policy == NULL || rank < 0 || rank >= policy->tier_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	t = &policy->tiers[rank];
	if (min_spend != NULL)
		*min_spend = t->has_min_spend ? t->min_spend : 0;
	return t->has_min_spend ? 1 : 0;
}

VIPCARE_API int vipcare_policy_tier_min_visits(const struct vipcare_policy *policy, int rank,
					       int32_t *min_visits)
{
	const struct vipcare__tier *t;

	if (policy == NULL || rank < 0 || rank >= policy->tier_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	t = &policy->tiers[rank];
	if (min_visits != NULL)
		*min_visits = t->has_min_visits ? t->min_visits : 0;
	return t->has_min_visits ? 1 : 0;
}

VIPCARE_API int vipcare_policy_set_vip_min_tier(struct vipcare_policy *policy, int rank)
{
	if (policy == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (!vipcare__tier_rank_ok(policy, rank))
		return VIPCARE_E_INVALID_ARGUMENT;
	policy->vip_min_tier = rank;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_policy_vip_min_tier(const struct vipcare_policy *policy)
{
	return policy != NULL ? policy->vip_min_tier : VIPCARE_E_INVALID_ARGUMENT;
}

void vipcare__tier_list(char *buf, size_t size, const struct vipcare_policy *p)
{
	size_t used = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < p->tier_count && used + 1 < size; i++) {
		int n = snprintf(buf + used, size - used, "%s%s", i > 0 ? ", " : "",
				 p->tiers[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}
