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

/* CRC-32 (IEEE, reflected polynomial 0xedb88320), a byte at a time by table. */
static const uint32_t crc_table[256] = {
	0x00000000u, 0x77073096u, 0xee0e612cu, 0x990951bau, 0x076dc419u, 0x706af48fu,
	0xe963a535u, 0x9e6495a3u, 0x0edb8832u, 0x79dcb8a4u, 0xe0d5e91eu, 0x97d2d988u,
	0x09b64c2bu, 0x7eb17cbdu, 0xe7b82d07u, 0x90bf1d91u, 0x1db71064u, 0x6ab020f2u,
	0xf3b97148u, 0x84be41deu, 0x1adad47du, 0x6ddde4ebu, 0xf4d4b551u, 0x83d385c7u,
	0x136c9856u, 0x646ba8c0u, 0xfd62f97au, 0x8a65c9ecu, 0x14015c4fu, 0x63066cd9u,
	0xfa0f3d63u, 0x8d080df5u, 0x3b6e20c8u, 0x4c69105eu, 0xd56041e4u, 0xa2677172u,
	0x3c03e4d1u, 0x4b04d447u, 0xd20d85fdu, 0xa50ab56bu, 0x35b5a8fau, 0x42b2986cu,
	0xdbbbc9d6u, 0xacbcf940u, 0x32d86ce3u, 0x45df5c75u, 0xdcd60dcfu, 0xabd13d59u,
	0x26d930acu, 0x51de003au, 0xc8d75180u, 0xbfd06116u, 0x21b4f4b5u, 0x56b3c423u,
	0xcfba9599u, 0xb8bda50fu, 0x2802b89eu, 0x5f058808u, 0xc60cd9b2u, 0xb10be924u,
	0x2f6f7c87u, 0x58684c11u, 0xc1611dabu, 0xb6662d3du, 0x76dc4190u, 0x01db7106u,
	0x98d220bcu, 0xefd5102au, 0x71b18589u, 0x06b6b51fu, 0x9fbfe4a5u, 0xe8b8d433u,
	0x7807c9a2u, 0x0f00f934u, 0x9609a88eu, 0xe10e9818u, 0x7f6a0dbbu, 0x086d3d2du,
	0x91646c97u, 0xe6635c01u, 0x6b6b51f4u, 0x1c6c6162u, 0x856530d8u, 0xf262004eu,
	0x6c0695edu, 0x1b01a57bu, 0x8208f4c1u, 0xf50fc457u, 0x65b0d9c6u, 0x12b7e950u,
	0x8bbeb8eau, 0xfcb9887cu, 0x62dd1ddfu, 0x15da2d49u, 0x8cd37cf3u, 0xfbd44c65u,
	0x4db26158u, 0x3ab551ceu, 0xa3bc0074u, 0xd4bb30e2u, 0x4adfa541u, 0x3dd895d7u,
	0xa4d1c46du, 0xd3d6f4fbu, 0x4369e96au, 0x346ed9fcu, 0xad678846u, 0xda60b8d0u,
	0x44042d73u, 0x33031de5u, 0xaa0a4c5fu, 0xdd0d7cc9u, 0x5005713cu, 0x270241aau,
	0xbe0b1010u, 0xc90c2086u, 0x5768b525u, 0x206f85b3u, 0xb966d409u, 0xce61e49fu,
	0x5edef90eu, 0x29d9c998u, 0xb0d09822u, 0xc7d7a8b4u, 0x59b33d17u, 0x2eb40d81u,
	0xb7bd5c3bu, 0xc0ba6cadu, 0xedb88320u, 0x9abfb3b6u, 0x03b6e20cu, 0x74b1d29au,
	0xead54739u, 0x9dd277afu, 0x04db2615u, 0x73dc1683u, 0xe3630b12u, 0x94643b84u,
	0x0d6d6a3eu, 0x7a6a5aa8u, 0xe40ecf0bu, 0x9309ff9du, 0x0a00ae27u, 0x7d079eb1u,
	0xf00f9344u, 0x8708a3d2u, 0x1e01f268u, 0x6906c2feu, 0xf762575du, 0x806567cbu,
	0x196c3671u, 0x6e6b06e7u, 0xfed41b76u, 0x89d32be0u, 0x10da7a5au, 0x67dd4accu,
	0xf9b9df6fu, 0x8ebeeff9u, 0x17b7be43u, 0x60b08ed5u, 0xd6d6a3e8u, 0xa1d1937eu,
	0x38d8c2c4u, 0x4fdff252u, 0xd1bb67f1u, 0xa6bc5767u, 0x3fb506ddu, 0x48b2364bu,
	0xd80d2bdau, 0xaf0a1b4cu, 0x36034af6u, 0x41047a60u, 0xdf60efc3u, 0xa867df55u,
	0x316e8eefu, 0x4669be79u, 0xcb61b38cu, 0xbc66831au, 0x256fd2a0u, 0x5268e236u,
	0xcc0c7795u, 0xbb0b4703u, 0x220216b9u, 0x5505262fu, 0xc5ba3bbeu, 0xb2bd0b28u,
	0x2bb45a92u, 0x5cb36a04u, 0xc2d7ffa7u, 0xb5d0cf31u, 0x2cd99e8bu, 0x5bdeae1du,
	0x9b64c2b0u, 0xec63f226u, 0x756aa39cu, 0x026d930au, 0x9c0906a9u, 0xeb0e363fu,
	0x72076785u, 0x05005713u, 0x95bf4a82u, 0xe2b87a14u, 0x7bb12baeu, 0x0cb61b38u,
	0x92d28e9bu, 0xe5d5be0du, 0x7cdcefb7u, 0x0bdbdf21u, 0x86d3d2d4u, 0xf1d4e242u,
	0x68ddb3f8u, 0x1fda836eu, 0x81be16cdu, 0xf6b9265bu, 0x6fb077e1u, 0x18b74777u,
	0x88085ae6u, 0xff0f6a70u, 0x66063bcau, 0x11010b5cu, 0x8f659effu, 0xf862ae69u,
	0x616bffd3u, 0x166ccf45u, 0xa00ae278u, 0xd70dd2eeu, 0x4e048354u, 0x3903b3c2u,
	0xa7672661u, 0xd06016f7u, 0x4969474du, 0x3e6e77dbu, 0xaed16a4au, 0xd9d65adcu,
	0x40df0b66u, 0x37d83bf0u, 0xa9bcae53u, 0xdebb9ec5u, 0x47b2cf7fu, 0x30b5ffe9u,
	0xbdbdf21cu, 0xcabac28au, 0x53b39330u, 0x24b4a3a6u, 0xbad03605u, 0xcdd70693u,
	0x54de5729u, 0x23d967bfu, 0xb3667a2eu, 0xc4614ab8u, 0x5d681b02u, 0x2a6f2b94u,
	0xb40bbe37u, 0xc30c8ea1u, 0x5a05df1bu, 0x2d02ef8du,
};

uint32_t vipcare__crc32(const unsigned char *p, size_t n)
{
	uint32_t crc = 0xffffffffu;
	size_t i;

	for (i = 0; i < n; i++)
		crc = crc_table[(crc ^ p[i]) & 0xffu] ^ (crc >> 8);
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
