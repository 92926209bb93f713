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
	int has_timestamp;
	int64_t timestamp;
	int64_t amount;
	int kind;
	char last_error[VIPCARE__MSG_SIZE];
};

/* A known customer: 56 bytes, see docs/storage.md. */
#define VIPCARE__CUST_HAS_RECORD 1u
#define VIPCARE__CUST_OPT_OUT 2u
/* Per-customer sums stay far from overflow: the gross of a customer is capped. */
#define VIPCARE__GROSS_MAX (INT64_MAX / 4)

#define VIPCARE__KEY_INLINE 14

struct vipcare__cust {
	uint32_t id;       /* pool ref */
	uint32_t last;     /* its newest-recorded transaction; they chain backwards */
	uint32_t advisor;  /* interned number, 0: none */
	uint32_t txn_count;
	int32_t joined;    /* as given, or VIPCARE_DATE_NONE */
	int32_t first_txn; /* earliest transaction date, or VIPCARE_DATE_NONE */
	int32_t override_until;
	uint8_t birthday_month, birthday_day;
	uint8_t consent;
	uint8_t flags;
	int64_t gross; /* sum of the amounts of its transactions; bounds every sum */
	int8_t override_tier; /* rank, -1: none */
	/*
	 * The id's length and first bytes, so that looking a customer up
	 * compares ids without a second cache miss into the pool.
	 */
	uint8_t key_len;
	char key[VIPCARE__KEY_INLINE];
};

/*
 * A transaction is split in two: what scoring reads (24 bytes, one cache
 * line holds it) and what only look-ups read (20 bytes).
 */
struct vipcare__txn_hot {
	int64_t ts;
	int64_t amount; /* signed: a refund is negative */
	uint32_t customer;
	uint32_t prev; /* the customer's transaction recorded before, VIPCARE__NONE at the first */
};

struct vipcare__txn_cold {
	uint32_t id;            /* pool ref */
	uint32_t original;      /* a refund's known original, VIPCARE__NONE otherwise */
	uint32_t original_text; /* an unknown original's id (pool ref), 0 otherwise */
	uint32_t store;         /* interned numbers, 0: none */
	uint32_t category;
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
	struct vipcare__txn_hot *txns;
	size_t txn_capacity;
	struct vipcare__day *days;
	size_t day_capacity;
	struct vipcare__segment *segments;
	size_t segment_capacity;
};

struct vipcare_engine {
	int refcount;
	struct vipcare__mem mem;
	struct vipcare_policy policy; /* its own copy: the struct is flat */
	uint64_t generation; /* changes whenever the state does */

	struct vipcare__pool pool;
	struct vipcare__blocks customers; /* struct vipcare__cust */
	struct vipcare__index customer_index;
	struct vipcare__blocks txn_hot; /* struct vipcare__txn_hot */
	struct vipcare__blocks txn_cold; /* struct vipcare__txn_cold */
	struct vipcare__index txn_index;
	struct vipcare__interned stores;
	struct vipcare__interned categories;
	struct vipcare__interned advisors;

	struct vipcare__scratch scratch;
	char last_error[VIPCARE__MSG_SIZE];
};

static inline struct vipcare__cust *vipcare__cust_at(const struct vipcare_engine *e, uint32_t i)
{
	return vipcare__blocks_at(&e->customers, i);
}
static inline struct vipcare__txn_hot *vipcare__hot_at(const struct vipcare_engine *e, uint32_t i)
{
	return vipcare__blocks_at(&e->txn_hot, i);
}
static inline struct vipcare__txn_cold *vipcare__cold_at(const struct vipcare_engine *e, uint32_t i)
{
	return vipcare__blocks_at(&e->txn_cold, i);
}

/* The customer number of an id, or VIPCARE__NONE. */
uint32_t vipcare__engine_find_customer(const struct vipcare_engine *e, const char *id, size_t len);

/* The effective joined date of a customer, or VIPCARE_DATE_NONE. */
int32_t vipcare__effective_joined(const struct vipcare__cust *c);

void vipcare__scratch_release(struct vipcare__mem *m, struct vipcare__scratch *s);

#endif /* VIPCARE_ENGINE_PRIVATE_H */
