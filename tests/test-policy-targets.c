/*
 * libvipcare — tests of the KPI targets of a policy: the defaults (DESIGN
 * §8), the setter and getter, the [targets] section of the policy file,
 * writing the targets back and policy equality.
 * SPDX-License-Identifier: MIT
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vipcare/vipcare.h>

#ifndef VIPCARE_SOURCE_DIR
#define VIPCARE_SOURCE_DIR "."
#endif

#define KPI_COUNT 31
#define NONE VIPCARE_TARGET_NONE
#define MIN VIPCARE_TARGET_MIN
#define MAX VIPCARE_TARGET_MAX
#define M INT64_C(1000000) /* a target value of 1 */

static struct vipcare_policy *new_policy(void)
{
	struct vipcare_policy *p = NULL;

	assert_int_equal(vipcare_policy_new(&p), VIPCARE_OK);
	assert_non_null(p);
	return p;
}

static int load(struct vipcare_policy *p, const char *text)
{
	return vipcare_policy_load_string(p, text, strlen(text), "mall.ini");
}

/* The target of @kpi is exactly @op and @micros. */
static void assert_target(const struct vipcare_policy *p, int kpi, int op, int64_t micros)
{
	int64_t got = -12345;

	assert_int_equal(vipcare_policy_target(p, kpi, &got), op);
	assert_int_equal(got, micros);
	/* the value is optional */
	assert_int_equal(vipcare_policy_target(p, kpi, NULL), op);
}

/* DESIGN §8: the only targets of the default policy. */
static void assert_default_targets(const struct vipcare_policy *p)
{
	int kpi;

	for (kpi = 0; kpi < KPI_COUNT; kpi++) {
		switch (kpi) {
		case VIPCARE_KPI_REPURCHASE_RATE:
			assert_target(p, kpi, MIN, 600000);
			break;
		case VIPCARE_KPI_NPS:
			assert_target(p, kpi, MIN, 40000000);
			break;
		case VIPCARE_KPI_CHURN_RATE:
			assert_target(p, kpi, MAX, 50000);
			break;
		case VIPCARE_KPI_CSAT:
			assert_target(p, kpi, MIN, 85000000);
			break;
		case VIPCARE_KPI_VIP_SALES_SHARE:
			assert_target(p, kpi, MIN, 450000);
			break;
		case VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50:
			assert_target(p, kpi, MAX, 120000000);
			break;
		default:
			assert_target(p, kpi, NONE, 0);
			break;
		}
	}
}

/* ------------------------------------------------------------------ */
/* Defaults, setter and getter                                         */
/* ------------------------------------------------------------------ */

static void test_default_targets(void **state)
{
	struct vipcare_policy *p = new_policy(), *copy = NULL;

	(void)state;
	assert_default_targets(p);
	/* a copy has them too */
	assert_int_equal(vipcare_policy_copy(&copy, p), VIPCARE_OK);
	assert_default_targets(copy);
	assert_true(vipcare_policy_equal(p, copy));
	/* the default policy passes validation with its targets */
	assert_int_equal(vipcare_policy_validate(p), VIPCARE_OK);
	vipcare_policy_unref(copy);
	vipcare_policy_unref(p);
}

static void test_set_get_remove(void **state)
{
	struct vipcare_policy *p = new_policy();

	(void)state;
	/* a new target */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_DONE, MIN, 750000),
			 VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_CARE_DONE, MIN, 750000);
	/* a default one changed, min to max */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_REPURCHASE_RATE, MAX, 900000),
			 VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_REPURCHASE_RATE, MAX, 900000);
	/* removed: the value is 0 whatever was passed */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_NPS, NONE, 123), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_NPS, NONE, 0);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_DONE, NONE, 0), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_CARE_DONE, NONE, 0);
	/* removing twice is harmless */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_DONE, NONE, 0), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_CARE_DONE, NONE, 0);
	/* and set again */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_NPS, MIN, -20 * M), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_NPS, MIN, -20 * M);
	/* the ends of each unit's range */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CHURN_RATE, MAX, 0), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_CHURN_RATE, MAX, 0);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SERVICE_WITHIN_SLA, MIN, M),
			 VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_SERVICE_WITHIN_SLA, MIN, M);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_NPS, MIN, -100 * M), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_NPS, MIN, 100 * M), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_NPS, MIN, 100 * M);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CSAT, MIN, 100 * M), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_CSAT, MIN, 100 * M);
	/* money may be negative (a period of refunds), counts reach 10^12 */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SALES_NET, MIN,
						   -INT64_C(1000000000000) * M),
			 VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_SALES_NET, MIN, -INT64_C(1000000000000) * M);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_MEMBERS, MIN,
						   INT64_C(1000000000000) * M),
			 VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_MEMBERS, MIN, INT64_C(1000000000000) * M);
	/* the last KPI is reachable */
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_CONVERSION_SALES, MIN, 1),
			 VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_CARE_CONVERSION_SALES, MIN, 1);
	/* nothing else moved */
	assert_target(p, VIPCARE_KPI_VIP_SALES_SHARE, MIN, 450000);
	assert_target(p, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, MAX, 120 * M);
	assert_target(p, VIPCARE_KPI_ACTIVE, NONE, 0);
	vipcare_policy_unref(p);
}

/* A refused set leaves @message, and the policy as it was. */
static void expect_set_error(int kpi, int op, int64_t micros, const char *message)
{
	struct vipcare_policy *p = new_policy(), *before = NULL;

	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, kpi, op, micros),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_string_equal(vipcare_policy_last_error(p), message);
	assert_true(vipcare_policy_equal(p, before));
	assert_default_targets(p);
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

static void test_invalid_arguments(void **state)
{
	struct vipcare_policy *p = new_policy();
	int64_t value = 777;

	(void)state;
	assert_int_equal(vipcare_policy_set_target(NULL, VIPCARE_KPI_NPS, MIN, 0),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_target(NULL, VIPCARE_KPI_NPS, &value),
			 VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_target(p, -1, &value), VIPCARE_E_INVALID_ARGUMENT);
	assert_int_equal(vipcare_policy_target(p, KPI_COUNT, &value), VIPCARE_E_INVALID_ARGUMENT);
	/* a refused get writes nothing */
	assert_int_equal(value, 777);
	vipcare_policy_unref(p);

	expect_set_error(-1, MIN, 0, "unknown KPI -1; 0..30 expected");
	expect_set_error(KPI_COUNT, MIN, 0, "unknown KPI 31; 0..30 expected");
	expect_set_error(VIPCARE_KPI_NPS, 3, 0,
			 "target of nps: unknown operator 3; 0 (none), 1 (min) or 2 (max) expected");
	expect_set_error(VIPCARE_KPI_NPS, -1, 0,
			 "target of nps: unknown operator -1; 0 (none), 1 (min) or 2 (max) expected");
	/* a value in the wrong unit: 60 for 60% */
	expect_set_error(VIPCARE_KPI_REPURCHASE_RATE, MIN, 60 * M,
			 "target of repurchase_rate: min 60 is outside 0..1; the KPI is a fraction "
			 "(0.60 for 60%)");
	expect_set_error(VIPCARE_KPI_CHURN_RATE, MAX, 1000001,
			 "target of churn_rate: max 1.000001 is outside 0..1; the KPI is a fraction "
			 "(0.60 for 60%)");
	expect_set_error(VIPCARE_KPI_CARE_DONE, MIN, -1,
			 "target of care_done: min -0.000001 is outside 0..1; the KPI is a fraction "
			 "(0.60 for 60%)");
	expect_set_error(VIPCARE_KPI_NPS, MIN, 100 * M + 1,
			 "target of nps: min 100.000001 is outside -100..100; NPS runs from -100 "
			 "to 100");
	expect_set_error(VIPCARE_KPI_NPS, MIN, -100 * M - 1,
			 "target of nps: min -100.000001 is outside -100..100; NPS runs from -100 "
			 "to 100");
	expect_set_error(VIPCARE_KPI_CSAT, MIN, -M,
			 "target of csat: min -1 is outside 0..100; the KPI is a percentage (85 "
			 "for 85%)");
	expect_set_error(VIPCARE_KPI_ACTIVE, MIN, -M,
			 "target of active: min -1 is outside 0..1000000000000; the KPI is a count");
	expect_set_error(VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, MAX, -500000,
			 "target of service_first_response_p90: max -0.5 is outside "
			 "0..1000000000000; the KPI is in minutes");
	expect_set_error(VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE, MAX, INT64_MAX,
			 "target of service_complaints_per_1000_active: max 9223372036854.775807 is "
			 "outside 0..1000000000000; the KPI is per 1,000 active customers");
	expect_set_error(VIPCARE_KPI_AVG_TICKET, MIN, INT64_MIN,
			 "target of avg_ticket: min -9223372036854.775808 is outside "
			 "-1000000000000..1000000000000; the KPI is money in units, not minor units "
			 "(10000.50)");
}

/* ------------------------------------------------------------------ */
/* The [targets] section                                               */
/* ------------------------------------------------------------------ */

static void test_file_targets(void **state)
{
	static const char text[] = "[targets]   # DESIGN §8\n"
				   "repurchase_rate = max 0.5\n"
				   "nps = none                 ; no NPS survey this year\n"
				   "csat=min 90.5\n"
				   "care_done = min\t 0.875000\n"
				   "care_conversion = min 0.000001\n"
				   "sales_net = min -1500.25\n"
				   "avg_ticket = min 0350\n"
				   "nps_detractors = max 0\n"
				   "service_first_response_p90 = max 480\n"
				   "service_complaints_per_1000_active = max 2.5\n"
				   "vip_churn_rate = max -0\n"
				   "care_conversion_sales = min 1000000000000\n";
	struct vipcare_policy *p = new_policy();

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	assert_string_equal(vipcare_policy_last_error(p), "");
	assert_target(p, VIPCARE_KPI_REPURCHASE_RATE, MAX, 500000);
	assert_target(p, VIPCARE_KPI_NPS, NONE, 0);
	assert_target(p, VIPCARE_KPI_CSAT, MIN, 90500000);
	assert_target(p, VIPCARE_KPI_CARE_DONE, MIN, 875000);
	assert_target(p, VIPCARE_KPI_CARE_CONVERSION, MIN, 1);
	assert_target(p, VIPCARE_KPI_SALES_NET, MIN, -1500250000);
	assert_target(p, VIPCARE_KPI_AVG_TICKET, MIN, 350 * M);
	assert_target(p, VIPCARE_KPI_NPS_DETRACTORS, MAX, 0);
	assert_target(p, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, MAX, 480 * M);
	assert_target(p, VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE, MAX, 2500000);
	assert_target(p, VIPCARE_KPI_VIP_CHURN_RATE, MAX, 0);
	assert_target(p, VIPCARE_KPI_CARE_CONVERSION_SALES, MIN, INT64_C(1000000000000) * M);
	/* the defaults the file does not mention stay */
	assert_target(p, VIPCARE_KPI_CHURN_RATE, MAX, 50000);
	assert_target(p, VIPCARE_KPI_VIP_SALES_SHARE, MIN, 450000);
	assert_target(p, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, MAX, 120 * M);
	assert_target(p, VIPCARE_KPI_MEMBERS, NONE, 0);
	/* an empty section changes nothing */
	assert_int_equal(load(p, "[targets]\n"), VIPCARE_OK);
	assert_target(p, VIPCARE_KPI_CSAT, MIN, 90500000);
	assert_target(p, VIPCARE_KPI_NPS, NONE, 0);
	vipcare_policy_unref(p);
}

/* Every name of vipcare_kpi_name() is a key of [targets]. */
static void test_file_every_kpi(void **state)
{
	struct vipcare_policy *p;
	char text[128];
	int kpi;

	(void)state;
	assert_null(vipcare_kpi_name(KPI_COUNT));
	for (kpi = 0; kpi < KPI_COUNT; kpi++) {
		p = new_policy();
		snprintf(text, sizeof(text), "[targets]\n%s = max 0.25\n", vipcare_kpi_name(kpi));
		assert_int_equal(load(p, text), VIPCARE_OK);
		assert_target(p, kpi, MAX, 250000);
		vipcare_policy_unref(p);
	}
}

/*
 * Loads @text over a policy whose targets differ from the defaults,
 * expects @status and the exact @message, and checks that nothing changed.
 */
static void expect_error(const char *text, int status, const char *message)
{
	struct vipcare_policy *p = new_policy(), *before = NULL;

	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_NPS, MIN, 50 * M), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_DONE, MIN, 900000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CHURN_RATE, NONE, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_copy(&before, p), VIPCARE_OK);
	assert_int_equal(load(p, text), status);
	assert_string_equal(vipcare_policy_last_error(p), message);
	assert_true(vipcare_policy_equal(p, before));
	assert_target(p, VIPCARE_KPI_NPS, MIN, 50 * M);
	assert_target(p, VIPCARE_KPI_CARE_DONE, MIN, 900000);
	assert_target(p, VIPCARE_KPI_CHURN_RATE, NONE, 0);
	assert_target(p, VIPCARE_KPI_CSAT, MIN, 85 * M);
	vipcare_policy_unref(before);
	vipcare_policy_unref(p);
}

#define PRE "[program]\nname = Joy City\n\n[targets]\ncsat = min 95\n"
#define FORM_RULE "expected \"min X\", \"max X\" or \"none\" (X a number), found "
#define NUMBER_RULE(op)                                                                         \
	"expected a number after \"" op "\" (an optional -, digits and at most 6 fraction "    \
	"digits), found "
#define FRACTION "; the KPI is a fraction (0.60 for 60%)"

static void test_file_unknown_kpi(void **state)
{
	(void)state;
	expect_error(PRE "repurchase = min 0.6\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"repurchase\" in [targets]; expected a KPI name "
		     "such as repurchase_rate, nps or care_done (docs/policy.md lists them)");
	/* names are case-sensitive */
	expect_error(PRE "NPS = min 40\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"NPS\" in [targets]; expected a KPI name such as "
		     "repurchase_rate, nps or care_done (docs/policy.md lists them)");
	/* nested KPIs are flattened with '_', never '.' */
	expect_error(PRE "  care.done = min 0.5\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:3: unknown key \"care.done\" in [targets]; expected a KPI name "
		     "such as repurchase_rate, nps or care_done (docs/policy.md lists them)");
	/* the per-tier figures and the migration matrix are not KPIs of the enum */
	expect_error(PRE "tier.gold.customers = min 10\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"tier.gold.customers\" in [targets]; expected a "
		     "KPI name such as repurchase_rate, nps or care_done (docs/policy.md lists "
		     "them)");
	/* the section's other keys do not leak in: [program] keys are unknown here */
	expect_error(PRE "sla_minutes = max 120\n", VIPCARE_E_POLICY_KEY,
		     "mall.ini:6:1: unknown key \"sla_minutes\" in [targets]; expected a KPI name "
		     "such as repurchase_rate, nps or care_done (docs/policy.md lists them)");
}

static void test_file_repeated_kpi(void **state)
{
	(void)state;
	expect_error(PRE "nps = min 30\nnps = min 30\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:7:1: [targets] nps repeated (first on line 6)");
	/* "none" counts as given */
	expect_error(PRE "nps = none\n\n\t nps = min 30\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:8:3: [targets] nps repeated (first on line 6)");
	expect_error(PRE "csat = max 99\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:6:1: [targets] csat repeated (first on line 5)");
	/* a repeated section */
	expect_error(PRE "[targets]\n", VIPCARE_E_POLICY_SYNTAX,
		     "mall.ini:6:1: section [targets] repeated (first on line 4)");
}

static void test_file_bad_form(void **state)
{
	(void)state;
	expect_error(PRE "nps = at least 40\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\"at least 40\"");
	expect_error(PRE "nps = 40\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\"40\"");
	expect_error(PRE "nps = >= 40\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\">= 40\"");
	expect_error(PRE "nps = MIN 40\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\"MIN 40\"");
	expect_error(PRE "nps = min40\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\"min40\"");
	expect_error(PRE "nps = minimum 40\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\"minimum 40\"");
	expect_error(PRE "nps = min\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\"min\"");
	expect_error(PRE "nps = None\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE "\"None\"");
	/* an empty value: the column is where it would start */
	expect_error(PRE "nps =\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:6: [targets] nps: " FORM_RULE "\"\"");
	/* a long value is cut in the message */
	expect_error(PRE "nps = at least forty, as the board decided in May\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:7: [targets] nps: " FORM_RULE
		     "\"at least forty, as the board decided in ...\"");
}

static void test_file_bad_number(void **state)
{
	(void)state;
	/* the column is the number's */
	expect_error(PRE "nps = min 40.1234567\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:11: [targets] nps: " NUMBER_RULE("min") "\"40.1234567\"");
	expect_error(PRE "nps = max   +40\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:13: [targets] nps: " NUMBER_RULE("max") "\"+40\"");
	expect_error(PRE "nps = min 4e1\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:11: [targets] nps: " NUMBER_RULE("min") "\"4e1\"");
	expect_error(PRE "churn_rate = max .05\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:18: [targets] churn_rate: " NUMBER_RULE("max") "\".05\"");
	expect_error(PRE "churn_rate = max 5.\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:18: [targets] churn_rate: " NUMBER_RULE("max") "\"5.\"");
	expect_error(PRE "churn_rate = max 5%\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:18: [targets] churn_rate: " NUMBER_RULE("max") "\"5%\"");
	expect_error(PRE "members = min 1,000\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:15: [targets] members: " NUMBER_RULE("min") "\"1,000\"");
	expect_error(PRE "sales_net = min - 5\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:17: [targets] sales_net: " NUMBER_RULE("min") "\"- 5\"");
	expect_error(PRE "sales_net = min -\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:17: [targets] sales_net: " NUMBER_RULE("min") "\"-\"");
	expect_error(PRE "members = min 40 50\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:15: [targets] members: " NUMBER_RULE("min") "\"40 50\"");
	expect_error(PRE "members = min １０\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:15: [targets] members: " NUMBER_RULE("min")
		     "\"\xef\xbc\x91\xef\xbc\x90\"");
	/* a tab is one column; a comment is no part of the value */
	expect_error(PRE "\tcare_done = min\t0,5 # 0.5\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:18: [targets] care_done: " NUMBER_RULE("min") "\"0,5\"");
}

static void test_file_out_of_range(void **state)
{
	(void)state;
	/* the common mistake: a percentage for a fraction */
	expect_error(PRE "repurchase_rate = min 60\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:23: [targets] repurchase_rate: min 60 is outside 0..1" FRACTION);
	expect_error(PRE "care_done = min 1.000001\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:17: [targets] care_done: min 1.000001 is outside 0..1" FRACTION);
	expect_error(PRE "churn_rate = max -0.05\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:18: [targets] churn_rate: max -0.05 is outside 0..1" FRACTION);
	expect_error(PRE "nps = min 101\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:11: [targets] nps: min 101 is outside -100..100; NPS runs from "
		     "-100 to 100");
	expect_error(PRE "nps = min -100.5\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:11: [targets] nps: min -100.5 is outside -100..100; NPS runs "
		     "from -100 to 100");
	expect_error("[targets]\ncsat = min 120\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:2:12: [targets] csat: min 120 is outside 0..100; the KPI is a "
		     "percentage (85 for 85%)");
	expect_error(PRE "active = min -1\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:14: [targets] active: min -1 is outside 0..1000000000000; the KPI "
		     "is a count");
	expect_error(PRE "members = min 1000000000000.000001\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:15: [targets] members: min 1000000000000.000001 is outside "
		     "0..1000000000000; the KPI is a count");
	expect_error(PRE "service_first_response_p50 = max -1\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:34: [targets] service_first_response_p50: max -1 is outside "
		     "0..1000000000000; the KPI is in minutes");
	/* far beyond int64_t: refused, never wrapped; the number is cut */
	expect_error(PRE "sales_net = min -99999999999999999999999999999999\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:17: [targets] sales_net: min -99999999999999999999999... is outside "
		     "-1000000000000..1000000000000; the KPI is money in units, not minor units "
		     "(10000.50)");
	expect_error(PRE "care_conversion_sales = min 18446744073709551617\n", VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:29: [targets] care_conversion_sales: min 18446744073709551617 is "
		     "outside -1000000000000..1000000000000; the KPI is money in units, not minor "
		     "units (10000.50)");
}

/* A file is applied whole or not at all: a later error keeps every target. */
static void test_file_applied_whole(void **state)
{
	(void)state;
	expect_error("[targets]\nnps = min 10\nmembers = min 5\n\n[tier.gold]\nmin_spend = x\n",
		     VIPCARE_E_POLICY_VALUE,
		     "mall.ini:6:13: [tier.gold] min_spend: expected an amount "
		     "0.00..10000000000000.00 (at most 2 fraction digits) or none, found \"x\"");
	/* an error of the whole policy, found after applying */
	expect_error("[targets]\nnps = min 10\n\n[tier.platinum]\nmin_spend = 100\n",
		     VIPCARE_E_POLICY_INVALID,
		     "mall.ini:5: [tier.platinum] min_spend: tier \"platinum\": min_spend 100.00 is "
		     "below min_spend 10000.00 of the lower tier \"gold\"");
}

/* ------------------------------------------------------------------ */
/* Writing back, equality                                              */
/* ------------------------------------------------------------------ */

static const char default_targets_text[] = "\n"
					   "[targets]\n"
					   "repurchase_rate = min 0.60\n"
					   "churn_rate = max 0.05\n"
					   "vip_sales_share = min 0.45\n"
					   "nps = min 40\n"
					   "csat = min 85\n"
					   "service_first_response_p50 = max 120\n";

/*
 * Writes @p out, loads the text over a default policy, and checks that the
 * result equals @p and writes the same text. Returns the text.
 */
static char *round_trip(const struct vipcare_policy *p)
{
	struct vipcare_policy *q = new_policy();
	char *text = NULL, *again = NULL;

	assert_int_equal(vipcare_policy_to_text(p, &text), VIPCARE_OK);
	assert_non_null(text);
	assert_int_equal(vipcare_policy_load_string(q, text, strlen(text), "written.ini"),
			 VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, q));
	assert_int_equal(vipcare_policy_to_text(q, &again), VIPCARE_OK);
	assert_string_equal(again, text);
	vipcare_free(again);
	vipcare_policy_unref(q);
	return text;
}

/* The [targets] section closes the text. */
static void assert_text_ends_with(const char *text, const char *tail)
{
	size_t len = strlen(text), n = strlen(tail);

	assert_true(len > n);
	assert_string_equal(text + len - n, tail);
}

static void test_write_default(void **state)
{
	struct vipcare_policy *p = new_policy();
	char *text = round_trip(p);

	(void)state;
	assert_text_ends_with(text, default_targets_text);
	/* after the points, which follow the last benefit */
	assert_non_null(strstr(text, "multiplier.diamond = 2.00\n\n[targets]\n"));
	vipcare_free(text);
	vipcare_policy_unref(p);
}

static void test_write_changed(void **state)
{
	static const char expected[] = "\n"
				       "[targets]\n"
				       "members = min 1000\n"
				       "sales_net = min -5.50\n"
				       "avg_ticket = min 350.00\n"
				       "repurchase_rate = min 0.60\n"
				       "churn_rate = none\n"
				       "vip_churn_rate = max 0.10\n"
				       "vip_sales_share = max 1.00\n"
				       "nps = min -10\n"
				       "csat = min 85.5\n"
				       "service_first_response_p50 = none\n"
				       "service_first_response_p90 = max 480\n"
				       "service_complaints_per_1000_active = max 2.5\n"
				       "care_conversion = min 0.125\n"
				       "care_conversion_sales = min 0.000001\n";
	struct vipcare_policy *p = new_policy(), *d = new_policy();
	char *text;

	(void)state;
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_MEMBERS, MIN, 1000 * M),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SALES_NET, MIN, -5500000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_AVG_TICKET, MIN, 350 * M),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CHURN_RATE, NONE, 0), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_VIP_CHURN_RATE, MAX, 100000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_VIP_SALES_SHARE, MAX, M),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_NPS, MIN, -10 * M), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CSAT, MIN, 85500000), VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50, NONE,
						   0),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90, MAX,
						   480 * M),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p,
						   VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE,
						   MAX, 2500000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_CONVERSION, MIN, 125000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(p, VIPCARE_KPI_CARE_CONVERSION_SALES, MIN, 1),
			 VIPCARE_OK);
	text = round_trip(p);
	assert_text_ends_with(text, expected);
	vipcare_free(text);

	/* every target removed: "none" only where a default would come back */
	assert_int_equal(load(d, "[targets]\nrepurchase_rate = none\nchurn_rate = none\n"
				 "vip_sales_share = none\nnps = none\ncsat = none\n"
				 "service_first_response_p50 = none\n"),
			 VIPCARE_OK);
	text = round_trip(d);
	assert_text_ends_with(text, "\n[targets]\nrepurchase_rate = none\nchurn_rate = none\n"
				    "vip_sales_share = none\nnps = none\ncsat = none\n"
				    "service_first_response_p50 = none\n");
	vipcare_free(text);
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

/* Text written by hand comes back in the writer's form, and stays so. */
static void test_text_policy_text(void **state)
{
	static const char text[] = "[targets]\n"
				   "repurchase_rate = min  0.6\n"
				   "churn_rate = max 0.050000\n"
				   "avg_ticket = min 0350.5\n"
				   "care_due = min 007\n"
				   "nps = max -0\n";
	struct vipcare_policy *p = new_policy();
	char *written;

	(void)state;
	assert_int_equal(load(p, text), VIPCARE_OK);
	written = round_trip(p);
	assert_text_ends_with(written, "\n[targets]\n"
				       "avg_ticket = min 350.50\n"
				       "repurchase_rate = min 0.60\n"
				       "churn_rate = max 0.05\n"
				       "vip_sales_share = min 0.45\n"
				       "nps = max 0\n"
				       "csat = min 85\n"
				       "service_first_response_p50 = max 120\n"
				       "care_due = min 7\n");
	vipcare_free(written);
	vipcare_policy_unref(p);
}

static void test_equal(void **state)
{
	struct vipcare_policy *a = new_policy(), *b = new_policy();

	(void)state;
	assert_true(vipcare_policy_equal(a, b));
	/* a value differs */
	assert_int_equal(vipcare_policy_set_target(a, VIPCARE_KPI_NPS, MIN, 41 * M), VIPCARE_OK);
	assert_false(vipcare_policy_equal(a, b));
	assert_false(vipcare_policy_equal(b, a));
	assert_int_equal(vipcare_policy_set_target(b, VIPCARE_KPI_NPS, MIN, 41 * M), VIPCARE_OK);
	assert_true(vipcare_policy_equal(a, b));
	/* the operator differs, the value does not */
	assert_int_equal(vipcare_policy_set_target(a, VIPCARE_KPI_CARE_DONE, MIN, 500000),
			 VIPCARE_OK);
	assert_int_equal(vipcare_policy_set_target(b, VIPCARE_KPI_CARE_DONE, MAX, 500000),
			 VIPCARE_OK);
	assert_false(vipcare_policy_equal(a, b));
	/* one has a target, the other none */
	assert_int_equal(vipcare_policy_set_target(b, VIPCARE_KPI_CARE_DONE, NONE, 0), VIPCARE_OK);
	assert_false(vipcare_policy_equal(a, b));
	assert_int_equal(vipcare_policy_set_target(a, VIPCARE_KPI_CARE_DONE, NONE, 0), VIPCARE_OK);
	assert_true(vipcare_policy_equal(a, b));
	/* the value passed with "none" plays no part */
	assert_int_equal(vipcare_policy_set_target(a, VIPCARE_KPI_MEMBERS, NONE, 5), VIPCARE_OK);
	assert_true(vipcare_policy_equal(a, b));
	vipcare_policy_unref(b);
	vipcare_policy_unref(a);
}

/* docs/default-policy.ini states every target: it resets a changed policy. */
static void test_default_policy_file(void **state)
{
	const char *path = VIPCARE_SOURCE_DIR "/docs/default-policy.ini";
	struct vipcare_policy *p = new_policy(), *d = new_policy();
	int kpi;

	(void)state;
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	assert_default_targets(p);
	for (kpi = 0; kpi < KPI_COUNT; kpi++)
		assert_int_equal(vipcare_policy_set_target(p, kpi, MAX, 0), VIPCARE_OK);
	assert_false(vipcare_policy_equal(p, d));
	assert_int_equal(vipcare_policy_load_file(p, path), VIPCARE_OK);
	assert_true(vipcare_policy_equal(p, d));
	assert_default_targets(p);
	vipcare_policy_unref(d);
	vipcare_policy_unref(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_targets),
		cmocka_unit_test(test_set_get_remove),
		cmocka_unit_test(test_invalid_arguments),
		cmocka_unit_test(test_file_targets),
		cmocka_unit_test(test_file_every_kpi),
		cmocka_unit_test(test_file_unknown_kpi),
		cmocka_unit_test(test_file_repeated_kpi),
		cmocka_unit_test(test_file_bad_form),
		cmocka_unit_test(test_file_bad_number),
		cmocka_unit_test(test_file_out_of_range),
		cmocka_unit_test(test_file_applied_whole),
		cmocka_unit_test(test_write_default),
		cmocka_unit_test(test_write_changed),
		cmocka_unit_test(test_text_policy_text),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_default_policy_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
