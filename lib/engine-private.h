/*
 * libvipcare — the layout of the engine and of the record handles.
 * Nothing here is part of the ABI.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_ENGINE_PRIVATE_H
#define VIPCARE_ENGINE_PRIVATE_H

#include "store.h"

/* The record handles: plain buffers, since ids are at most 64 bytes. */
struct vipcare_customer {
	int refcount;
	char id[VIPCARE_ID_MAX + 1];
	char advisor[VIPCARE_ID_MAX + 1];
	char override_tier[VIPCARE_TIER_NAME_MAX + 1];
	int32_t override_until;
	int32_t joined;
	int32_t birthday_month; /* 0: unknown */
	int32_t birthday_day;
	unsigned consent; /* bit per enum vipcare_channel */
	int marketing_opt_out;
	char last_error[VIPCARE__MSG_SIZE];
};

struct vipcare_transaction {
	int refcount;
	char id[VIPCARE_ID_MAX + 1];
	char customer[VIPCARE_ID_MAX + 1];
	char store[VIPCARE_ID_MAX + 1];
	char category[VIPCARE_ID_MAX + 1];
	char original[VIPCARE_ID_MAX + 1];
	/* the lengths of the five ids, kept by their setters (0 when unset) */
	unsigned char id_len, customer_len, store_len, category_len, original_len;
	int has_timestamp;
	int64_t timestamp;
	int64_t amount;
	int kind;
	char last_error[VIPCARE__MSG_SIZE];
};

struct vipcare__journal;

/* A known customer: 64 bytes, see docs/storage.md. */
#define VIPCARE__CUST_HAS_RECORD 1u
#define VIPCARE__CUST_OPT_OUT 2u
/* Per-customer sums stay far from overflow: the gross of a customer is capped. */
#define VIPCARE__GROSS_MAX (INT64_MAX / 4)

#define VIPCARE__KEY_INLINE 13

/*
 * What scoring reads of a transaction, kept per customer in recording
 * order, so that a customer's history is a few cache lines.
 */
struct vipcare__entry {
	int64_t ts;
	int64_t amount; /* signed: a refund is negative */
};

/*
 * A customer's entries live in a chain of chunks that double in size:
 * chunk k holds entries [4 (2^k - 1), 4 (2^(k + 1) - 1)). Nothing is ever
 * copied or freed while the engine lives, the chunks are cut from the
 * engine's arena, and a customer with 20 purchases reads 3 chunks.
 */
#define VIPCARE__CHUNK_FIRST 8

struct vipcare__chunk {
	struct vipcare__chunk *prev; /* the chunk before, NULL for chunk 0 */
	uint64_t reserved;           /* keeps the entries 16-byte aligned */
	struct vipcare__entry entries[];
};

/* The position of the first entry of chunk @k. */
static inline uint64_t vipcare__chunk_start(unsigned k)
{
	return (uint64_t)VIPCARE__CHUNK_FIRST * (((uint64_t)1 << k) - 1);
}

static inline size_t vipcare__chunk_bytes(unsigned k)
{
	return sizeof(struct vipcare__chunk) +
	       ((size_t)VIPCARE__CHUNK_FIRST << k) * sizeof(struct vipcare__entry);
}

struct vipcare__cust {
	uint32_t id;       /* pool ref */
	uint32_t advisor;  /* interned number, 0: none */
	uint32_t txn_count;
	int32_t joined;    /* as given, or VIPCARE_DATE_NONE */
	int32_t first_txn; /* earliest transaction date, or VIPCARE_DATE_NONE */
	int32_t override_until;
	uint8_t birthday_month, birthday_day;
	uint8_t consent;
	uint8_t flags;
	uint32_t last_redemption; /* its newest redemption; they chain backwards */
	struct vipcare__chunk *chunk; /* its newest chunk of entries, NULL before the first */
	int64_t gross; /* sum of the amounts of its transactions; bounds every sum */
	int8_t override_tier; /* rank, -1: none */
	uint8_t chunks; /* how many chunks it has */
	/*
	 * The id's length and first bytes, so that looking a customer up
	 * compares ids without a second cache miss into the pool.
	 */
	uint8_t key_len;
	char key[VIPCARE__KEY_INLINE];
};

/*
 * A transaction is split in two: what scoring reads (its entry among its
 * customer's, 16 bytes) and what only look-ups read (20 bytes). The
 * original of a refund, which few transactions have, is in the engine's
 * refund_links map.
 */
struct vipcare__txn_cold {
	uint32_t id;            /* pool ref */
	uint32_t customer;
	uint32_t pos;           /* its entry in the customer's array */
	uint32_t store;         /* interned numbers, 0: none */
	uint32_t category;
};

/* An accepted benefit redemption: 32 bytes. */
struct vipcare__redemption {
	int64_t ts;
	uint32_t id;       /* pool ref */
	uint32_t customer;
	uint32_t prev;     /* the customer's redemption before, VIPCARE__NONE at the first */
	int32_t quantity;
	uint32_t benefit;  /* index in the engine's policy */
};

/* A care record: 20 bytes. */
struct vipcare__care_record {
	uint32_t customer;
	uint32_t occasion; /* interned number */
	uint32_t prev;     /* the customer's record before, VIPCARE__NONE at the first */
	int32_t date;
	uint8_t kind;
	uint8_t outcome;
};

/* A survey response: 16 bytes. */
struct vipcare__survey {
	int64_t ts;
	uint32_t customer;
	uint8_t kind; /* enum vipcare_survey_kind */
	uint8_t score;
};

/* A service request: 40 bytes. */
struct vipcare__service {
	int64_t opened;
	int64_t first_response; /* or VIPCARE_TIMESTAMP_NONE */
	int64_t resolved;       /* or VIPCARE_TIMESTAMP_NONE */
	uint32_t id;            /* pool ref */
	uint32_t customer;
	uint8_t kind;           /* enum vipcare_service_kind */
};

/*
 * A refund whose original is known, noted on its customer (points need
 * the original's date): 12 bytes, chained backwards per customer.
 */
struct vipcare__refund_note {
	uint32_t pos;      /* the refund's entry among its customer's */
	uint32_t original; /* the original's transaction number */
	uint32_t prev;     /* the customer's note before, VIPCARE__NONE at the first */
};

/* An accepted points redemption: 32 bytes, chained backwards per customer. */
struct vipcare__points_redemption {
	int64_t ts;
	int64_t points;
	uint32_t id;       /* pool ref */
	uint32_t customer;
	uint32_t prev;     /* the customer's redemption before, VIPCARE__NONE at the first */
	uint32_t reason;   /* interned number, 0: none */
};

/* A side array of per-customer chain heads, grown on first use. */
struct vipcare__heads {
	uint32_t *at;
	size_t count;
};

#define VIPCARE__TXN_BLOCK_BITS 13
#define VIPCARE__CUST_BLOCK_BITS 12

/* The tier history of a customer is computed into one of these. */
struct vipcare__day {
	int32_t date;
	int32_t sales; /* number of sales that day */
	int64_t net;
};

struct vipcare__segment {
	int32_t start; /* the qualified tier from this date on */
	int32_t tier;
};

struct vipcare__scratch {
	struct vipcare__day *days;
	size_t day_capacity;
	size_t day_count; /* days filled by the last collection */
	struct vipcare__segment *segments;
	size_t segment_capacity;
	struct vipcare__segment *history;
	size_t history_capacity;
	uint32_t *deque;
	size_t deque_capacity;
};

/* The customers' compact summaries (summary.c). */
struct vipcare__summaries {
	uint32_t *at;      /* by customer number: offset + 1 in data, 0: out of date */
	size_t at_count;
	int32_t *data;
	size_t used, capacity;
	size_t live;       /* values in data that are some customer's summary */
};

/* A customer's summary, valid until the next change to the engine. */
struct vipcare__summary_view {
	int32_t stretches;  /* 0: never a member by what the engine holds */
	int32_t lapses;
	int32_t first_sale; /* or VIPCARE_DATE_NONE */
	const int32_t *history;     /* (start, tier) x stretches, as vipcare__tier_history() */
	const int32_t *lapse_dates; /* sale dates with no sale in the lapse days after, ascending */
};

struct vipcare_engine {
	int refcount;
	struct vipcare__mem mem;
	struct vipcare_policy policy; /* its own copy: the struct is flat */
	uint64_t generation; /* changes whenever the state does */

	struct vipcare__pool pool;
	struct vipcare__blocks customers; /* struct vipcare__cust */
	struct vipcare__index customer_index;
	struct vipcare__arena arena; /* the customers' chunks of entries */
	struct vipcare__blocks txn_cold; /* struct vipcare__txn_cold */
	struct vipcare__sums refunded; /* sale number -> amount refunded by linked refunds */
	/*
	 * refund number -> its original: the original's number + 1 when it was
	 * known, minus the pool ref of the id given when it was not
	 */
	struct vipcare__sums refund_links;
	struct vipcare__index txn_index;
	struct vipcare__interned stores;
	struct vipcare__interned categories;
	struct vipcare__interned advisors;
	struct vipcare__blocks redemptions; /* struct vipcare__redemption */
	struct vipcare__index redemption_index;
	struct vipcare__blocks care_records; /* struct vipcare__care_record */
	struct vipcare__interned occasions;
	/* by customer number: its newest care record; grown when care is first recorded */
	uint32_t *care_last;
	size_t care_last_count;

	struct vipcare__blocks refund_notes; /* struct vipcare__refund_note */
	struct vipcare__heads refund_note_last;
	struct vipcare__blocks points_redemptions; /* struct vipcare__points_redemption */
	struct vipcare__index points_index;
	struct vipcare__heads points_last;
	struct vipcare__interned points_reasons;
	struct vipcare__blocks surveys;   /* struct vipcare__survey */
	struct vipcare__blocks service;   /* struct vipcare__service */
	struct vipcare__index service_index;

	struct vipcare__summaries summaries;
	struct vipcare__scratch scratch;
	/* the state folder every change is journaled to, NULL when none (state.c) */
	struct vipcare__journal *journal;
	char last_error[VIPCARE__MSG_SIZE];
};

/*
 * The customers and the look-up records are block arrays made with these
 * constant sizes (vipcare_engine_new_with_allocator()), so finding one
 * loads the block pointer only.
 */
static inline struct vipcare__cust *vipcare__cust_at(const struct vipcare_engine *e, uint32_t i)
{
	return vipcare__blocks_at_fixed(&e->customers, i, VIPCARE__CUST_BLOCK_BITS,
					sizeof(struct vipcare__cust));
}
static inline struct vipcare__txn_cold *vipcare__cold_at(const struct vipcare_engine *e, uint32_t i)
{
	return vipcare__blocks_at_fixed(&e->txn_cold, i, VIPCARE__TXN_BLOCK_BITS,
					sizeof(struct vipcare__txn_cold));
}
/* The entry at position @pos of customer @c's transactions. */
static inline struct vipcare__entry *vipcare__cust_entry(const struct vipcare__cust *c, uint32_t pos)
{
	struct vipcare__chunk *chunk = c->chunk;
	unsigned k = c->chunks - 1u;

	while (pos < vipcare__chunk_start(k)) {
		chunk = chunk->prev;
		k--;
	}
	return &chunk->entries[pos - vipcare__chunk_start(k)];
}

/* The entry of transaction @i. */
static inline struct vipcare__entry *vipcare__entry_at(const struct vipcare_engine *e, uint32_t i)
{
	const struct vipcare__txn_cold *cold = vipcare__cold_at(e, i);

	return vipcare__cust_entry(vipcare__cust_at(e, cold->customer), cold->pos);
}
static inline struct vipcare__redemption *vipcare__redemption_at(const struct vipcare_engine *e,
								 uint32_t i)
{
	return vipcare__blocks_at(&e->redemptions, i);
}

/* A customer's score as of a date (score.c). */
struct vipcare__result {
	int32_t asof;
	int is_member;
	int tier;
	int decided_by;
	int64_t net_spend;
	int32_t visits;
	int32_t first_sale, last_sale;
	int64_t lifetime;
	int next_tier;
	int64_t spend_to_next;
	int32_t visits_to_next;
	int32_t tier_expires;
};

/* Scores customer @cust as of @asof with the engine's working memory. */
int vipcare__score_customer(struct vipcare_engine *e, uint32_t cust, int32_t asof,
			    struct vipcare__result *r);

/*
 * Customer @cust's tier on @date and its first sale up to then, without
 * the rest of the explanation: what a checkout needs.
 */
int vipcare__tier_on(struct vipcare_engine *e, uint32_t cust, int32_t date, int *tier,
		     int32_t *first_sale);

/*
 * Customer @cust's tier history up to @until (everything dated after it
 * invisible): *out receives segments, each the first date of a stretch
 * and the tier held from then on, the first starting on the effective
 * joined date; consecutive segments have different tiers, so every start
 * after the first is a tier change (DESIGN §4). Returns the number of
 * segments (0 when the customer is not a member by @until), or a negative
 * status. *out lives in the engine's working memory until its next use.
 */
long vipcare__tier_history(struct vipcare_engine *e, uint32_t cust, int32_t until,
			   const struct vipcare__segment **out);

/* Whether customer @cust has a care record of @kind for @occasion (care.c). */
int vipcare__care_recorded(const struct vipcare_engine *e, uint32_t cust, int kind,
			   const char *occasion);

/*
 * The date of the earliest care record of customer @cust for @kind and
 * @occasion, or VIPCARE_DATE_NONE (care.c).
 */
int32_t vipcare__care_first_date(const struct vipcare_engine *e, uint32_t cust, int kind,
				 const char *occasion);

/* The care block of the KPIs (DESIGN §7) over every member (agenda.c). */
struct vipcare__care_tally {
	int64_t due;     /* items due in [from, to], filters applied, suppressed left out */
	int64_t done;    /* of those, with a care record */
	int64_t on_time; /* of those, with the earliest record by the due date */
};

int vipcare__care_tally(struct vipcare_engine *e, int32_t from, int32_t to,
			struct vipcare__care_tally *tally);

/*
 * Makes @h cover customers [0, @count): VIPCARE_OK or VIPCARE_E_NO_MEMORY.
 * New heads are VIPCARE__NONE.
 */
int vipcare__heads_cover(struct vipcare__mem *m, struct vipcare__heads *h, size_t count);

/* The head of customer @cust's chain, or VIPCARE__NONE. */
static inline uint32_t vipcare__head(const struct vipcare__heads *h, uint32_t cust)
{
	return cust < h->count ? h->at[cust] : VIPCARE__NONE;
}

/*
 * Customer @cust's points for the KPIs of [from, to] (points.c): issued,
 * redeemed and expired in the period, and the balance at its end.
 */
int vipcare__points_kpi(struct vipcare_engine *e, uint32_t cust, int32_t from, int32_t to,
			int64_t *issued, int64_t *redeemed, int64_t *expired, int64_t *outstanding);

/* The known original of refund @i, or VIPCARE__NONE. */
static inline uint32_t vipcare__refund_original(const struct vipcare_engine *e, uint32_t i)
{
	int64_t link = vipcare__sums_get(&e->refund_links, i);

	return link > 0 ? (uint32_t)(link - 1) : VIPCARE__NONE;
}

/* The customer number of an id, or VIPCARE__NONE. */
uint32_t vipcare__engine_find_customer(const struct vipcare_engine *e, const char *id, size_t len);

/*
 * The customer number of an id, or VIPCARE__NONE with "customer ... is not
 * known" (VIPCARE_E_UNKNOWN_CUSTOMER) in the engine's last error.
 */
uint32_t vipcare__known_customer(struct vipcare_engine *e, const char *id);

/* The effective joined date of a customer (the earlier of joined and its first transaction), or VIPCARE_DATE_NONE. */
static inline int32_t vipcare__effective_joined(const struct vipcare__cust *c)
{
	if (c->joined == VIPCARE_DATE_NONE)
		return c->first_txn;
	if (c->first_txn == VIPCARE_DATE_NONE)
		return c->joined;
	return c->joined < c->first_txn ? c->joined : c->first_txn;
}

/*
 * Sizes the summaries' index for every customer and compacts them when
 * they are mostly stale; call before a pass that takes summaries.
 */
int vipcare__summaries_prepare(struct vipcare_engine *e);

/*
 * Customer @cust's summary, rebuilt when out of date (prepare first). Its
 * arrays live in the engine until the next summary is rebuilt or the
 * engine changes.
 */
int vipcare__summary(struct vipcare_engine *e, uint32_t cust, struct vipcare__summary_view *out);

/* Gives back the summaries' unused room after a pass built many of them. */
void vipcare__summaries_trim(struct vipcare_engine *e);

/* Marks customer @cust's summary out of date. */
void vipcare__summary_stale(struct vipcare_engine *e, uint32_t cust);

void vipcare__summaries_release(struct vipcare__mem *m, struct vipcare__summaries *s);

void vipcare__scratch_release(struct vipcare__mem *m, struct vipcare__scratch *s);

#endif /* VIPCARE_ENGINE_PRIVATE_H */
