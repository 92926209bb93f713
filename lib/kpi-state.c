/*
 * libvipcare — KPI states as values: getters, merging, and the serialised
 * form.
 *
 * The bytes of a state (all integers little-endian, whatever the machine):
 *
 *   magic       8  "VIPCKPI\0"
 *   version     u32 (1)
 *   reserved    u32 (0)
 *   length      u64  bytes of the body that follows
 *   body:
 *     from, to                  i32, i32
 *     policy fingerprint        u64
 *     tier count T              u32, then per tier: u8 length, name bytes
 *     count of counts N         u32 (30 in version 1), then N x i64
 *     per-tier customers, sales_net, sales_count   3 x T x i64
 *     migration                 (T + 1) x T x i64, row 0 "none"
 *     histogram length H        u64, then H x (minutes i64, count i64)
 *   crc32       u32  CRC-32 (IEEE) of everything before it
 *
 * Equal states give equal bytes (the histogram is kept sorted), so tests
 * compare states by their bytes. Reading checks every byte: the magic
 * (foreign data), the version (newer data), the length and checksum
 * (truncated or damaged data) and the content (names, ranges and the
 * relations between counts that every computed state satisfies).
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "kpi-private.h"

#define MAGIC "VIPCKPI"
#define VERSION 1u
#define HEADER_SIZE 24

struct vipcare_kpi_state *vipcare__kpi_state_alloc(void)
{
	struct vipcare_kpi_state *s = calloc(1, sizeof(*s));

	if (s != NULL)
		s->refcount = 1;
	return s;
}

VIPCARE_API struct vipcare_kpi_state *vipcare_kpi_state_ref(struct vipcare_kpi_state *s)
{
	if (s != NULL)
		s->refcount++;
	return s;
}

VIPCARE_API struct vipcare_kpi_state *vipcare_kpi_state_unref(struct vipcare_kpi_state *s)
{
	if (s == NULL || --s->refcount > 0)
		return NULL;
	free(s->histogram);
	free(s);
	return NULL;
}

VIPCARE_API const char *vipcare_kpi_state_last_error(const struct vipcare_kpi_state *s)
{
	return s == NULL ? "" : s->last_error;
}

VIPCARE_API int32_t vipcare_kpi_state_from(const struct vipcare_kpi_state *s)
{
	return s == NULL ? VIPCARE_DATE_NONE : s->from;
}

VIPCARE_API int32_t vipcare_kpi_state_to(const struct vipcare_kpi_state *s)
{
	return s == NULL ? VIPCARE_DATE_NONE : s->to;
}

VIPCARE_API size_t vipcare_kpi_state_tier_count(const struct vipcare_kpi_state *s)
{
	return s == NULL ? 0 : (size_t)s->tier_count;
}

VIPCARE_API const char *vipcare_kpi_state_tier_name(const struct vipcare_kpi_state *s, size_t tier)
{
	return s == NULL || tier >= (size_t)s->tier_count ? NULL : s->tier_names[tier];
}

int64_t vipcare__kpi_percentile(const struct vipcare_kpi_state *s, int p)
{
	int64_t n = s->counts[K_SERVICE_ANSWERED], rank, seen = 0;
	size_t i;

	if (n == 0)
		return -1;
	/* the nearest rank: ceil(p n / 100), from 1 */
	rank = n / 100 * p + ((n % 100) * p + 99) / 100;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < s->histogram_len; i++) {
		seen += s->histogram[i].count;
		if (seen >= rank)
			return s->histogram[i].minutes;
	}
	return -1;
}

VIPCARE_API int vipcare_kpi_get(const struct vipcare_kpi_state *s, int kpi, int64_t *num,
				int64_t *den)
{
	const int64_t *k;
	int64_t n = 0, d = 1;

	if (s == NULL || num == NULL || den == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	k = s->counts;
	switch (kpi) {
	case VIPCARE_KPI_MEMBERS: n = k[K_MEMBERS]; break;
	case VIPCARE_KPI_NEW_MEMBERS: n = k[K_NEW_MEMBERS]; break;
	case VIPCARE_KPI_ACTIVE: n = k[K_ACTIVE]; break;
	case VIPCARE_KPI_SALES_NET: n = k[K_SALES_NET]; break;
	case VIPCARE_KPI_SALES_COUNT: n = k[K_SALES_COUNT]; break;
	case VIPCARE_KPI_AVG_TICKET: n = k[K_SALES_NET]; d = k[K_SALES_COUNT]; break;
	case VIPCARE_KPI_REPURCHASE_RATE: n = k[K_REPURCHASE]; d = k[K_ACTIVE]; break;
	case VIPCARE_KPI_CHURN_RATE: n = k[K_CHURN]; d = k[K_CHURN_BASE]; break;
	case VIPCARE_KPI_VIP_CHURN_RATE: n = k[K_VIP_CHURN]; d = k[K_VIP_CHURN_BASE]; break;
	case VIPCARE_KPI_VIP_SALES_SHARE: n = k[K_VIP_SALES_NET]; d = k[K_SALES_NET]; break;
	case VIPCARE_KPI_NPS:
		n = k[K_NPS_PROMOTERS] - k[K_NPS_DETRACTORS];
		d = k[K_NPS_PROMOTERS] + k[K_NPS_PASSIVES] + k[K_NPS_DETRACTORS];
		break;
	case VIPCARE_KPI_NPS_PROMOTERS: n = k[K_NPS_PROMOTERS]; break;
	case VIPCARE_KPI_NPS_PASSIVES: n = k[K_NPS_PASSIVES]; break;
	case VIPCARE_KPI_NPS_DETRACTORS: n = k[K_NPS_DETRACTORS]; break;
	case VIPCARE_KPI_CSAT: n = k[K_CSAT_SATISFIED]; d = k[K_CSAT_RESPONSES]; break;
	case VIPCARE_KPI_SERVICE_OPENED: n = k[K_SERVICE_OPENED]; break;
	case VIPCARE_KPI_SERVICE_ANSWERED: n = k[K_SERVICE_ANSWERED]; break;
	case VIPCARE_KPI_SERVICE_COMPLAINTS: n = k[K_SERVICE_COMPLAINTS]; break;
	case VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50:
	case VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P90:
		n = vipcare__kpi_percentile(s, kpi == VIPCARE_KPI_SERVICE_FIRST_RESPONSE_P50 ? 50 : 90);
		d = n < 0 ? 0 : 1;
		if (n < 0)
			n = 0;
		break;
	case VIPCARE_KPI_SERVICE_WITHIN_SLA: n = k[K_SERVICE_WITHIN_SLA]; d = k[K_SERVICE_OPENED]; break;
	case VIPCARE_KPI_SERVICE_COMPLAINTS_PER_1000_ACTIVE:
		n = k[K_SERVICE_COMPLAINTS];
		d = k[K_ACTIVE];
		break;
	case VIPCARE_KPI_CARE_DUE: n = k[K_CARE_DUE]; break;
	case VIPCARE_KPI_CARE_DONE: n = k[K_CARE_DONE]; d = k[K_CARE_DUE]; break;
	case VIPCARE_KPI_CARE_DONE_ON_TIME: n = k[K_CARE_ON_TIME]; d = k[K_CARE_DUE]; break;
	case VIPCARE_KPI_CARE_CONVERSION: n = k[K_CARE_CONVERTED]; d = k[K_CARE_REACHED]; break;
	case VIPCARE_KPI_CARE_CONVERSION_SALES: n = k[K_CARE_CONVERSION_SALES]; break;
	case VIPCARE_KPI_POINTS_ISSUED: n = k[K_POINTS_ISSUED]; break;
	case VIPCARE_KPI_POINTS_REDEEMED: n = k[K_POINTS_REDEEMED]; break;
	case VIPCARE_KPI_POINTS_EXPIRED: n = k[K_POINTS_EXPIRED]; break;
	case VIPCARE_KPI_POINTS_OUTSTANDING: n = k[K_POINTS_OUTSTANDING]; break;
	default:
		return VIPCARE_E_INVALID_ARGUMENT;
	}
	*num = n;
	*den = d;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_kpi_tier_get(const struct vipcare_kpi_state *s, size_t tier, int figure,
				     int64_t *value)
{
	if (s == NULL || value == NULL || tier >= (size_t)s->tier_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	switch (figure) {
	case VIPCARE_KPI_TIER_CUSTOMERS: *value = s->tier_customers[tier]; return VIPCARE_OK;
	case VIPCARE_KPI_TIER_SALES_NET: *value = s->tier_sales_net[tier]; return VIPCARE_OK;
	case VIPCARE_KPI_TIER_SALES_COUNT: *value = s->tier_sales_count[tier]; return VIPCARE_OK;
	default: return VIPCARE_E_INVALID_ARGUMENT;
	}
}

VIPCARE_API int vipcare_kpi_migration(const struct vipcare_kpi_state *s, int from_tier,
				      size_t to_tier, int64_t *count)
{
	if (s == NULL || count == NULL || from_tier < -1 || from_tier >= s->tier_count ||
	    to_tier >= (size_t)s->tier_count)
		return VIPCARE_E_INVALID_ARGUMENT;
	*count = s->migration[from_tier + 1][to_tier];
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- merge */

static int add_checked(int64_t *sum, int64_t a, int64_t b)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return -1;
	*sum = a + b;
	return 0;
}

/* Adds @n values of @b to @a into @out; -1 on overflow (out partly written). */
static int add_all(int64_t *out, const int64_t *a, const int64_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (add_checked(&out[i], a[i], b[i]) != 0)
			return -1;
	}
	return 0;
}

VIPCARE_API int vipcare_kpi_state_merge(struct vipcare_kpi_state *into,
					const struct vipcare_kpi_state *other)
{
	int64_t counts[K__COUNT], customers[VIPCARE_TIERS_MAX], net[VIPCARE_TIERS_MAX],
		sales[VIPCARE_TIERS_MAX], migration[VIPCARE_TIERS_MAX + 1][VIPCARE_TIERS_MAX];
	struct vipcare__minutes *merged;
	size_t i = 0, j = 0, n = 0, cap;
	int t;

	if (into == NULL || other == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (into->from != other->from || into->to != other->to) {
		char a[2][VIPCARE_DATE_BUFSIZE], b[2][VIPCARE_DATE_BUFSIZE];

		vipcare_date_format(a[0], sizeof(a[0]), into->from);
		vipcare_date_format(a[1], sizeof(a[1]), into->to);
		vipcare_date_format(b[0], sizeof(b[0]), other->from);
		vipcare_date_format(b[1], sizeof(b[1]), other->to);
		return vipcare__fail(into->last_error, VIPCARE_E_MISMATCH,
				     "cannot merge KPI states of different periods: %s .. %s and %s .. %s",
				     a[0], a[1], b[0], b[1]);
	}
	if (into->policy_fingerprint != other->policy_fingerprint || into->tier_count != other->tier_count)
		return vipcare__fail(into->last_error, VIPCARE_E_MISMATCH,
				     "cannot merge KPI states computed under different policies "
				     "(fingerprints %016llx and %016llx)",
				     (unsigned long long)into->policy_fingerprint,
				     (unsigned long long)other->policy_fingerprint);
	if (add_all(counts, into->counts, other->counts, K__COUNT) != 0 ||
	    add_all(customers, into->tier_customers, other->tier_customers, (size_t)into->tier_count) != 0 ||
	    add_all(net, into->tier_sales_net, other->tier_sales_net, (size_t)into->tier_count) != 0 ||
	    add_all(sales, into->tier_sales_count, other->tier_sales_count, (size_t)into->tier_count) != 0)
		return vipcare__fail(into->last_error, VIPCARE_E_RANGE,
				     "merging the KPI states would overflow a sum");
	for (t = 0; t <= into->tier_count; t++) {
		if (add_all(migration[t], into->migration[t], other->migration[t],
			    (size_t)into->tier_count) != 0)
			return vipcare__fail(into->last_error, VIPCARE_E_RANGE,
					     "merging the KPI states would overflow a sum");
	}
	cap = into->histogram_len + other->histogram_len;
	merged = malloc((cap > 0 ? cap : 1) * sizeof(*merged));
	if (merged == NULL)
		return vipcare__fail(into->last_error, VIPCARE_E_NO_MEMORY,
				     "no memory to merge the KPI states");
	while (i < into->histogram_len || j < other->histogram_len) {
		const struct vipcare__minutes *a = i < into->histogram_len ? &into->histogram[i] : NULL;
		const struct vipcare__minutes *b = j < other->histogram_len ? &other->histogram[j] : NULL;

		if (b == NULL || (a != NULL && a->minutes < b->minutes)) {
			merged[n++] = *a;
			i++;
		} else if (a == NULL || b->minutes < a->minutes) {
			merged[n++] = *b;
			j++;
		} else {
			merged[n].minutes = a->minutes;
			if (add_checked(&merged[n].count, a->count, b->count) != 0) {
				free(merged);
				return vipcare__fail(into->last_error, VIPCARE_E_RANGE,
						     "merging the KPI states would overflow a sum");
			}
			n++;
			i++;
			j++;
		}
	}
	memcpy(into->counts, counts, sizeof(counts));
	memcpy(into->tier_customers, customers, sizeof(int64_t) * (size_t)into->tier_count);
	memcpy(into->tier_sales_net, net, sizeof(int64_t) * (size_t)into->tier_count);
	memcpy(into->tier_sales_count, sales, sizeof(int64_t) * (size_t)into->tier_count);
	for (t = 0; t <= into->tier_count; t++)
		memcpy(into->migration[t], migration[t], sizeof(int64_t) * (size_t)into->tier_count);
	free(into->histogram);
	into->histogram = merged;
	into->histogram_len = n;
	into->histogram_cap = cap > 0 ? cap : 1;
	return VIPCARE_OK;
}

/* ---------------------------------------------------------------- bytes */

uint32_t vipcare__crc32(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		crc ^= p[i];
		for (b = 0; b < 8; b++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

struct writer {
	unsigned char *p;
	size_t n;
};

static void put_u(struct writer *w, uint64_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		w->p[w->n++] = (unsigned char)(v >> (8 * i));
}

static void put_i64(struct writer *w, int64_t v)
{
	put_u(w, (uint64_t)v, 8);
}

static void put_all(struct writer *w, const int64_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put_i64(w, v[i]);
}

VIPCARE_API int vipcare_kpi_state_serialize(const struct vipcare_kpi_state *s, void **out,
					    size_t *size)
{
	struct writer w;
	size_t T, total, i;
	int t;

	if (out != NULL)
		*out = NULL;
	if (size != NULL)
		*size = 0;
	if (s == NULL || out == NULL || size == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	T = (size_t)s->tier_count;
	total = HEADER_SIZE + 4 + 4 + 8 + 4 + 4 + K__COUNT * 8 + 3 * T * 8 + (T + 1) * T * 8 + 8 +
		s->histogram_len * 16 + 4;
	for (t = 0; t < s->tier_count; t++)
		total += 1 + strlen(s->tier_names[t]);
	w.p = malloc(total);
	w.n = 0;
	if (w.p == NULL)
		return VIPCARE_E_NO_MEMORY;
	memcpy(w.p, MAGIC, 8);
	w.n = 8;
	put_u(&w, VERSION, 4);
	put_u(&w, 0, 4);
	put_u(&w, total - HEADER_SIZE - 4, 8);
	put_u(&w, (uint32_t)s->from, 4);
	put_u(&w, (uint32_t)s->to, 4);
	put_u(&w, s->policy_fingerprint, 8);
	put_u(&w, T, 4);
	for (t = 0; t < s->tier_count; t++) {
		size_t len = strlen(s->tier_names[t]);

		put_u(&w, len, 1);
		memcpy(w.p + w.n, s->tier_names[t], len);
		w.n += len;
	}
	put_u(&w, K__COUNT, 4);
	put_all(&w, s->counts, K__COUNT);
	put_all(&w, s->tier_customers, T);
	put_all(&w, s->tier_sales_net, T);
	put_all(&w, s->tier_sales_count, T);
	for (i = 0; i <= T; i++)
		put_all(&w, s->migration[i], T);
	put_u(&w, s->histogram_len, 8);
	for (i = 0; i < s->histogram_len; i++) {
		put_i64(&w, s->histogram[i].minutes);
		put_i64(&w, s->histogram[i].count);
	}
	put_u(&w, vipcare__crc32(w.p, w.n), 4);
	*out = w.p;
	*size = w.n;
	return VIPCARE_OK;
}

struct reader {
	const unsigned char *p;
	size_t n, at;
};

static int get_u(struct reader *r, int bytes, uint64_t *v)
{
	int i;

	if (r->n - r->at < (size_t)bytes)
		return -1;
	*v = 0;
	for (i = 0; i < bytes; i++)
		*v |= (uint64_t)r->p[r->at + (size_t)i] << (8 * i);
	r->at += (size_t)bytes;
	return 0;
}

static int get_all(struct reader *r, int64_t *v, size_t n)
{
	uint64_t x;
	size_t i;

	for (i = 0; i < n; i++) {
		if (get_u(r, 8, &x) != 0)
			return -1;
		v[i] = (int64_t)x;
	}
	return 0;
}

/* The relations every computed state satisfies; a message for the first broken one. */
static const char *inconsistent(const struct vipcare_kpi_state *s)
{
	const int64_t *k = s->counts;
	int64_t members = 0, sales = 0, answered = 0, last = -1;
	size_t i;
	int t, f;

	for (i = 0; i < K__COUNT; i++) {
		if (k[i] < 0 && i != K_SALES_NET && i != K_VIP_SALES_NET && i != K_POINTS_ISSUED &&
		    i != K_POINTS_OUTSTANDING)
			return "a negative count";
	}
	if (k[K_ACTIVE] > k[K_MEMBERS] || k[K_NEW_MEMBERS] > k[K_ACTIVE] || k[K_REPURCHASE] > k[K_ACTIVE])
		return "more active, new or repeat customers than members";
	if (k[K_CHURN] > k[K_CHURN_BASE] || k[K_VIP_CHURN] > k[K_VIP_CHURN_BASE] ||
	    k[K_VIP_CHURN_BASE] > k[K_CHURN_BASE] || k[K_VIP_CHURN] > k[K_CHURN])
		return "churn counts larger than their base";
	if (k[K_CSAT_SATISFIED] > k[K_CSAT_RESPONSES])
		return "more satisfied CSAT responses than responses";
	if (k[K_SERVICE_ANSWERED] > k[K_SERVICE_OPENED] || k[K_SERVICE_COMPLAINTS] > k[K_SERVICE_OPENED] ||
	    k[K_SERVICE_WITHIN_SLA] > k[K_SERVICE_ANSWERED])
		return "service counts larger than the requests opened";
	if (k[K_CARE_DONE] > k[K_CARE_DUE] || k[K_CARE_ON_TIME] > k[K_CARE_DONE] ||
	    k[K_CARE_CONVERTED] > k[K_CARE_REACHED])
		return "care counts larger than their base";
	for (t = 0; t < s->tier_count; t++) {
		int64_t column = 0;

		if (s->tier_customers[t] < 0 || s->tier_sales_count[t] < 0)
			return "a negative per-tier count";
		for (f = 0; f <= s->tier_count; f++) {
			if (s->migration[f][t] < 0)
				return "a negative migration count";
			column += s->migration[f][t];
		}
		if (column != s->tier_customers[t])
			return "a tier's migration column that does not add up to its members";
		members += s->tier_customers[t];
		sales += s->tier_sales_count[t];
	}
	if (members != k[K_MEMBERS] || sales != k[K_SALES_COUNT])
		return "per-tier members or sales that do not add up to the totals";
	for (i = 0; i < s->histogram_len; i++) {
		if (s->histogram[i].minutes <= last || s->histogram[i].count <= 0)
			return "a first-response histogram out of order";
		last = s->histogram[i].minutes;
		if (answered > INT64_MAX - s->histogram[i].count)
			return "a first-response histogram that overflows";
		answered += s->histogram[i].count;
	}
	if (answered != k[K_SERVICE_ANSWERED])
		return "a first-response histogram that does not add up to the answered requests";
	return NULL;
}

static int tier_name_ok(const char *name, size_t len)
{
	size_t i;

	if (len < 1 || len > VIPCARE_TIER_NAME_MAX || (len == 4 && memcmp(name, "none", 4) == 0))
		return 0;
	for (i = 0; i < len; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

VIPCARE_API int vipcare_kpi_state_deserialize(struct vipcare_kpi_state **out, const void *data,
					      size_t size, char *errbuf, size_t errbuf_size)
{
	struct vipcare_kpi_state *s;
	struct reader r;
	uint64_t version, reserved, length, v, T, N, H;
	uint32_t crc;
	const char *why;
	size_t i;
	int t;

	if (out != NULL)
		*out = NULL;
	if (out == NULL || (data == NULL && size > 0))
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_INVALID_ARGUMENT,
					 "no output or no data");
	r.p = data;
	r.n = size;
	r.at = 0;
	if (size < 8 || memcmp(r.p, MAGIC, 8) != 0)
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_FOREIGN,
					 "not a KPI state: the first 8 bytes are not \"VIPCKPI\\0\"");
	r.at = 8;
	if (get_u(&r, 4, &version) != 0 || get_u(&r, 4, &reserved) != 0 || get_u(&r, 8, &length) != 0)
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_CORRUPT,
					 "KPI state truncated: %zu bytes, shorter than its header", size);
	if (version > VERSION)
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_VERSION,
					 "KPI state of format version %llu; this library reads up to %u",
					 (unsigned long long)version, VERSION);
	if (version == 0 || reserved != 0)
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_CORRUPT,
					 "KPI state with a damaged header (version %llu, reserved %llu)",
					 (unsigned long long)version, (unsigned long long)reserved);
	if (length > size - HEADER_SIZE || size - HEADER_SIZE - length < 4)
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_CORRUPT,
					 "KPI state truncated: %zu bytes, its header announces %llu",
					 size, (unsigned long long)length + HEADER_SIZE + 4);
	if (size - HEADER_SIZE - length > 4)
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_CORRUPT,
					 "KPI state with %zu bytes after its end",
					 (size_t)(size - HEADER_SIZE - length - 4));
	r.n = HEADER_SIZE + (size_t)length;
	crc = (uint32_t)r.p[r.n] | (uint32_t)r.p[r.n + 1] << 8 | (uint32_t)r.p[r.n + 2] << 16 |
	      (uint32_t)r.p[r.n + 3] << 24;
	if (crc != vipcare__crc32(r.p, r.n))
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_CORRUPT,
					 "KPI state damaged: its checksum does not match its bytes");
	s = vipcare__kpi_state_alloc();
	if (s == NULL)
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_NO_MEMORY,
					 "no memory for a KPI state");
	why = "it ends early";
	if (get_u(&r, 4, &v) != 0)
		goto corrupt;
	s->from = (int32_t)(uint32_t)v;
	if (get_u(&r, 4, &v) != 0)
		goto corrupt;
	s->to = (int32_t)(uint32_t)v;
	if (get_u(&r, 8, &s->policy_fingerprint) != 0 || get_u(&r, 4, &T) != 0)
		goto corrupt;
	why = "a period outside 1900-01-01 .. 9999-12-31 or ending before it starts";
	if (s->from < VIPCARE_DATE_MIN || s->to > VIPCARE_DATE_MAX || s->to < s->from)
		goto corrupt;
	why = "a tier count outside 1..16";
	if (T < 1 || T > VIPCARE_TIERS_MAX)
		goto corrupt;
	s->tier_count = (int)T;
	for (t = 0; t < s->tier_count; t++) {
		why = "it ends early";
		if (get_u(&r, 1, &v) != 0 || r.n - r.at < v)
			goto corrupt;
		why = "a bad tier name";
		if (!tier_name_ok((const char *)r.p + r.at, (size_t)v))
			goto corrupt;
		memcpy(s->tier_names[t], r.p + r.at, (size_t)v);
		r.at += (size_t)v;
	}
	why = "a count of counts other than 30";
	if (get_u(&r, 4, &N) != 0 || N != K__COUNT)
		goto corrupt;
	why = "it ends early";
	if (get_all(&r, s->counts, K__COUNT) != 0 || get_all(&r, s->tier_customers, (size_t)T) != 0 ||
	    get_all(&r, s->tier_sales_net, (size_t)T) != 0 ||
	    get_all(&r, s->tier_sales_count, (size_t)T) != 0)
		goto corrupt;
	for (i = 0; i <= T; i++) {
		if (get_all(&r, s->migration[i], (size_t)T) != 0)
			goto corrupt;
	}
	if (get_u(&r, 8, &H) != 0)
		goto corrupt;
	why = "a histogram longer than the bytes left";
	if (H > (r.n - r.at) / 16)
		goto corrupt;
	s->histogram = malloc((H > 0 ? (size_t)H : 1) * sizeof(*s->histogram));
	if (s->histogram == NULL) {
		vipcare_kpi_state_unref(s);
		return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_NO_MEMORY,
					 "no memory for a KPI state");
	}
	s->histogram_cap = H > 0 ? (size_t)H : 1;
	s->histogram_len = (size_t)H;
	for (i = 0; i < H; i++) {
		get_all(&r, &s->histogram[i].minutes, 1);
		get_all(&r, &s->histogram[i].count, 1);
	}
	why = "bytes left over after its content";
	if (r.at != r.n)
		goto corrupt;
	why = inconsistent(s);
	if (why != NULL)
		goto corrupt;
	*out = s;
	return VIPCARE_OK;
corrupt:
	vipcare_kpi_state_unref(s);
	return vipcare__fail_buf(errbuf, errbuf_size, VIPCARE_E_CORRUPT,
				 "KPI state damaged at byte %zu: %s", r.at, why);
}
