/*
 * libvipcare — the engine: recording customers and transactions.
 * SPDX-License-Identifier: MIT
 */
#include <stdlib.h>
#include <string.h>

#include "durability-private.h"

/* From this size on, a block of the default allocator is advised huge pages. */
#define HUGE_ADVICE_MIN ((size_t)4 << 20)

static void *default_realloc(void *ptr, size_t size, void *user_data)
{
	void *p = realloc(ptr, size);

	(void)user_data;
	if (p != NULL && size >= HUGE_ADVICE_MIN)
		vipcare__memory_advise_large(p, size);
	return p;
}

static void default_free(void *ptr, void *user_data)
{
	(void)user_data;
	free(ptr);
}

static int customer_equal(const void *owner, uint32_t index, const char *s, size_t len)
{
	const struct vipcare_engine *e = owner;
	const struct vipcare__cust *c = vipcare__cust_at(e, index);

	if (c->key_len != len)
		return 0;
	if (len <= VIPCARE__KEY_INLINE)
		return memcmp(c->key, s, len) == 0;
	return memcmp(c->key, s, VIPCARE__KEY_INLINE) == 0 &&
	       vipcare__pool_equal(&e->pool, c->id, s, len);
}

static int txn_equal(const void *owner, uint32_t index, const char *s, size_t len)
{
	const struct vipcare_engine *e = owner;

	return vipcare__pool_equal(&e->pool, vipcare__cold_at(e, index)->id, s, len);
}

VIPCARE_API int vipcare_engine_new_with_allocator(struct vipcare_engine **out,
						  const struct vipcare_policy *policy,
						  vipcare_realloc_fn realloc_fn,
						  vipcare_free_fn free_fn, void *user_data)
{
	struct vipcare_engine *e;
	struct vipcare__mem mem;
	char msg[VIPCARE__MSG_SIZE];

	if (out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	*out = NULL;
	if (realloc_fn == NULL || free_fn == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (policy != NULL && vipcare__policy_check(policy, msg, NULL) != VIPCARE_OK)
		return VIPCARE_E_POLICY_INVALID;
	mem.realloc_fn = realloc_fn;
	mem.free_fn = free_fn;
	mem.user_data = user_data;
	mem.used = 0;
	e = vipcare__mem_calloc(&mem, 1, sizeof(*e));
	if (e == NULL)
		return VIPCARE_E_NO_MEMORY;
	e->mem = mem;
	e->refcount = 1;
	if (policy != NULL)
		e->policy = *policy;
	else
		vipcare__policy_set_default(&e->policy);
	e->policy.refcount = 1;
	e->policy.last_error[0] = '\0';
	vipcare__blocks_init(&e->customers, sizeof(struct vipcare__cust), VIPCARE__CUST_BLOCK_BITS);
	vipcare__blocks_init(&e->txn_cold, sizeof(struct vipcare__txn_cold), VIPCARE__TXN_BLOCK_BITS);
	vipcare__blocks_init(&e->redemptions, sizeof(struct vipcare__redemption), VIPCARE__CUST_BLOCK_BITS);
	vipcare__blocks_init(&e->care_records, sizeof(struct vipcare__care_record), VIPCARE__CUST_BLOCK_BITS);
	vipcare__blocks_init(&e->refund_notes, sizeof(struct vipcare__refund_note), VIPCARE__CUST_BLOCK_BITS);
	vipcare__blocks_init(&e->points_redemptions, sizeof(struct vipcare__points_redemption),
			     VIPCARE__CUST_BLOCK_BITS);
	vipcare__blocks_init(&e->surveys, sizeof(struct vipcare__survey), VIPCARE__CUST_BLOCK_BITS);
	vipcare__blocks_init(&e->service, sizeof(struct vipcare__service), VIPCARE__CUST_BLOCK_BITS);
	*out = e;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_new(struct vipcare_engine **out, const struct vipcare_policy *policy)
{
	return vipcare_engine_new_with_allocator(out, policy, default_realloc, default_free, NULL);
}

VIPCARE_API struct vipcare_engine *vipcare_engine_ref(struct vipcare_engine *e)
{
	if (e != NULL)
		e->refcount++;
	return e;
}

/* Small chunks go with the arena's slabs; large ones are freed one by one. */
static void release_entries(struct vipcare_engine *e, struct vipcare__mem *mem)
{
	size_t i;

	for (i = 0; i < e->customers.count; i++) {
		struct vipcare__cust *c = vipcare__cust_at(e, (uint32_t)i);
		struct vipcare__chunk *chunk = c->chunk, *prev;
		unsigned k = c->chunks;

		for (; chunk != NULL; chunk = prev) {
			prev = chunk->prev;
			vipcare__arena_free_large(mem, chunk, vipcare__chunk_bytes(--k));
		}
	}
	vipcare__arena_release(mem, &e->arena);
}

void vipcare__engine_release_contents(struct vipcare_engine *e, struct vipcare__mem *mem)
{
	vipcare__scratch_release(mem, &e->scratch);
	vipcare__summaries_release(mem, &e->summaries);
	vipcare__interned_release(mem, &e->advisors);
	vipcare__interned_release(mem, &e->categories);
	vipcare__interned_release(mem, &e->stores);
	vipcare__index_release(mem, &e->txn_index);
	vipcare__blocks_release(mem, &e->txn_cold);
	vipcare__mem_free(mem, e->care_last, e->care_last_count * sizeof(uint32_t));
	vipcare__interned_release(mem, &e->occasions);
	vipcare__blocks_release(mem, &e->care_records);
	vipcare__blocks_release(mem, &e->refund_notes);
	vipcare__mem_free(mem, e->refund_note_last.at, e->refund_note_last.count * sizeof(uint32_t));
	vipcare__blocks_release(mem, &e->points_redemptions);
	vipcare__index_release(mem, &e->points_index);
	vipcare__mem_free(mem, e->points_last.at, e->points_last.count * sizeof(uint32_t));
	vipcare__interned_release(mem, &e->points_reasons);
	vipcare__blocks_release(mem, &e->surveys);
	vipcare__blocks_release(mem, &e->service);
	vipcare__index_release(mem, &e->service_index);
	vipcare__index_release(mem, &e->redemption_index);
	vipcare__blocks_release(mem, &e->redemptions);
	vipcare__sums_release(mem, &e->refunded);
	vipcare__sums_release(mem, &e->refund_links);
	release_entries(e, mem);
	vipcare__index_release(mem, &e->customer_index);
	vipcare__blocks_release(mem, &e->customers);
	vipcare__pool_release(mem, &e->pool);
}

VIPCARE_API struct vipcare_engine *vipcare_engine_unref(struct vipcare_engine *e)
{
	struct vipcare__mem mem;

	if (e == NULL || --e->refcount > 0)
		return NULL;
	vipcare__journal_release(e);
	mem = e->mem;
	vipcare__engine_release_contents(e, &mem);
	vipcare__mem_free(&mem, e, sizeof(*e));
	return NULL;
}

VIPCARE_API const char *vipcare_engine_last_error(const struct vipcare_engine *e)
{
	return e == NULL ? "" : e->last_error;
}

VIPCARE_API const struct vipcare_policy *vipcare_engine_policy(const struct vipcare_engine *e)
{
	return e == NULL ? NULL : &e->policy;
}

VIPCARE_API size_t vipcare_engine_customer_count(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->customers.count;
}

VIPCARE_API size_t vipcare_engine_transaction_count(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->txn_cold.count;
}

VIPCARE_API size_t vipcare_engine_memory_used(const struct vipcare_engine *e)
{
	return e == NULL ? 0 : e->mem.used;
}

uint32_t vipcare__engine_find_customer(const struct vipcare_engine *e, const char *id, size_t len)
{
	return vipcare__index_find(&e->customer_index, customer_equal, e, id, len,
				   vipcare__hash(id, len));
}

/*
 * Everything a new customer needs is reserved before anything becomes
 * visible, so that a failed call leaves no half-made customer behind.
 */
static int reserve_customer(struct vipcare_engine *e, const char *id, size_t len, uint32_t *id_ref)
{
	int rc;

	if (e->customers.count >= (size_t)UINT32_MAX - 1)
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "the engine holds its maximum of %lu customers",
				     (unsigned long)(UINT32_MAX - 1));
	rc = vipcare__index_reserve(&e->mem, &e->customer_index);
	if (rc == VIPCARE_OK)
		rc = vipcare__blocks_reserve(&e->mem, &e->customers);
	if (rc == VIPCARE_OK)
		rc = vipcare__pool_add(&e->mem, &e->pool, id, len, id_ref);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no room for another customer: %s",
				     vipcare_strerror(rc));
	return VIPCARE_OK;
}

static uint32_t commit_customer(struct vipcare_engine *e, uint32_t id_ref, uint32_t hash)
{
	uint32_t index = (uint32_t)e->customers.count;
	struct vipcare__cust *c = vipcare__blocks_push(&e->customers);
	size_t len = vipcare__pool_len(&e->pool, id_ref);

	c->id = id_ref;
	c->key_len = (uint8_t)len;
	memcpy(c->key, vipcare__pool_str(&e->pool, id_ref), len < VIPCARE__KEY_INLINE ? len : VIPCARE__KEY_INLINE);
	c->chunk = NULL;
	c->chunks = 0;
	c->last_redemption = VIPCARE__NONE;
	c->joined = VIPCARE_DATE_NONE;
	c->first_txn = VIPCARE_DATE_NONE;
	c->override_until = VIPCARE_DATE_NONE;
	c->override_tier = -1;
	vipcare__index_insert(&e->customer_index, hash, index);
	return index;
}

int vipcare__engine_add_bare_customer(struct vipcare_engine *e, const char *id)
{
	char quoted[64];
	size_t len = strlen(id);
	uint32_t hash, id_ref = 0, index;
	int rc = vipcare__check_id(e->last_error, "customer id", id, len);

	if (rc != VIPCARE_OK)
		return rc;
	hash = vipcare__hash(id, len);
	if (vipcare__index_find(&e->customer_index, customer_equal, e, id, len, hash) != VIPCARE__NONE) {
		vipcare__quote(quoted, sizeof(quoted), id, len);
		return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE, "customer %s is known already",
				     quoted);
	}
	rc = reserve_customer(e, id, len, &id_ref);
	if (rc != VIPCARE_OK)
		return rc;
	index = commit_customer(e, id_ref, hash);
	vipcare__summary_stale(e, index);
	e->generation++;
	return VIPCARE_OK;
}

static int resolve_tier(struct vipcare_engine *e, const char *tier, int8_t *rank_out)
{
	char quoted[64];
	int rank;

	if (tier == NULL || tier[0] == '\0') {
		*rank_out = -1;
		return VIPCARE_OK;
	}
	if (vipcare_policy_tier_rank(&e->policy, tier, &rank) != VIPCARE_OK) {
		vipcare__quote(quoted, sizeof(quoted), tier, strlen(tier));
		return vipcare__fail(e->last_error, VIPCARE_E_UNKNOWN_TIER,
				     "override tier %s is not a tier of the policy", quoted);
	}
	*rank_out = (int8_t)rank;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_add_customer(struct vipcare_engine *e, const struct vipcare_customer *rec)
{
	char quoted[64];
	size_t len;
	uint32_t hash, index, id_ref = 0, advisor = 0;
	int8_t tier = -1;
	int rc;
	struct vipcare__cust *c;

	if (e == NULL || rec == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	len = strlen(rec->id);
	if (len == 0)
		return vipcare__fail(e->last_error, VIPCARE_E_INCOMPLETE, "customer record has no id");
	vipcare__quote(quoted, sizeof(quoted), rec->id, len);
	hash = vipcare__hash(rec->id, len);
	index = vipcare__index_find(&e->customer_index, customer_equal, e, rec->id, len, hash);
	if (index != VIPCARE__NONE && (vipcare__cust_at(e, index)->flags & VIPCARE__CUST_HAS_RECORD))
		return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE,
				     "customer %s already has a record; the first one stays", quoted);
	rc = resolve_tier(e, rec->override_tier, &tier);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__intern(&e->mem, &e->pool, &e->advisors, rec->advisor, strlen(rec->advisor),
			     &advisor);
	if (rc != VIPCARE_OK)
		return vipcare__fail(e->last_error, rc, "no room for advisor of customer %s", quoted);
	if (index == VIPCARE__NONE) {
		rc = reserve_customer(e, rec->id, len, &id_ref);
		if (rc != VIPCARE_OK)
			return rc;
	}
	if (e->journal != NULL && (rc = vipcare__log_customer(e, rec)) != VIPCARE_OK)
		return rc;
	if (index == VIPCARE__NONE)
		index = commit_customer(e, id_ref, hash);
	c = vipcare__cust_at(e, index);
	c->flags |= VIPCARE__CUST_HAS_RECORD;
	if (rec->marketing_opt_out)
		c->flags |= VIPCARE__CUST_OPT_OUT;
	c->joined = rec->joined;
	c->birthday_month = (uint8_t)rec->birthday_month;
	c->birthday_day = (uint8_t)rec->birthday_day;
	c->consent = (uint8_t)rec->consent;
	c->advisor = advisor;
	c->override_tier = tier;
	c->override_until = tier < 0 ? VIPCARE_DATE_NONE : rec->override_until;
	vipcare__summary_stale(e, index);
	e->generation++;
	return VIPCARE_OK;
}

/* Applies the refund rules of a known original; VIPCARE_OK when they hold. */
static int check_refund(struct vipcare_engine *e, const struct vipcare_transaction *t,
			uint32_t cust, uint32_t orig)
{
	const struct vipcare__entry *o = vipcare__entry_at(e, orig);
	uint32_t orig_customer = vipcare__cold_at(e, orig)->customer;
	char q_id[64], q_orig[64], left[VIPCARE_MONEY_BUFSIZE], amount[VIPCARE_MONEY_BUFSIZE];
	int64_t refunded;

	vipcare__quote(q_id, sizeof(q_id), t->id, strlen(t->id));
	vipcare__quote(q_orig, sizeof(q_orig), t->original, strlen(t->original));
	if (o->amount < 0)
		return vipcare__fail(e->last_error, VIPCARE_E_REFUND_OF_REFUND,
				     "refund %s: original %s is itself a refund", q_id, q_orig);
	if (cust == VIPCARE__NONE || orig_customer != cust)
		return vipcare__fail(e->last_error, VIPCARE_E_REFUND_CUSTOMER,
				     "refund %s: original %s is another customer's sale", q_id, q_orig);
	refunded = vipcare__sums_get(&e->refunded, orig);
	if (t->amount > o->amount - refunded) {
		vipcare_money_format(left, sizeof(left), o->amount - refunded);
		vipcare_money_format(amount, sizeof(amount), t->amount);
		return vipcare__fail(e->last_error, VIPCARE_E_REFUND_EXCEEDS,
				     "refund %s of %s exceeds the %s left of original %s", q_id,
				     amount, left, q_orig);
	}
	return VIPCARE_OK;
}

static int check_complete(struct vipcare_engine *e, const struct vipcare_transaction *t)
{
	const char *missing = NULL;

	if (t->id[0] == '\0')
		missing = "an id";
	else if (t->customer[0] == '\0')
		missing = "a customer id";
	else if (!t->has_timestamp)
		missing = "a timestamp";
	else if (t->amount <= 0)
		missing = "an amount";
	if (missing == NULL)
		return VIPCARE_OK;
	return vipcare__fail(e->last_error, VIPCARE_E_INCOMPLETE, "transaction has no %s", missing);
}

/* The ids of a transaction record with their lengths and hashes. */
struct txn_keys {
	size_t id_len, cust_len;
	uint32_t hash, cust_hash;
};

static void txn_keys_of(const struct vipcare_transaction *t, struct txn_keys *k)
{
	k->id_len = t->id_len; /* the setters keep the lengths */
	k->cust_len = t->customer_len;
	k->hash = vipcare__hash(t->id, k->id_len);
	k->cust_hash = vipcare__hash(t->customer, k->cust_len);
}

static int add_one(struct vipcare_engine *e, const struct vipcare_transaction *t,
		   const struct txn_keys *keys)
{
	char quoted[64];
	size_t id_len = keys->id_len, cust_len = keys->cust_len, orig_len;
	uint32_t hash = keys->hash, cust_hash = keys->cust_hash, cust, orig = VIPCARE__NONE, index;
	uint32_t id_ref = 0, cust_ref = 0, store = 0, category = 0, orig_text = 0;
	struct vipcare__txn_cold *cold;
	struct vipcare__chunk *grown = NULL;
	size_t grown_bytes = 0, id_capacity, id_slot = 0;
	struct vipcare__entry *entry;
	struct vipcare__cust *c;
	int refund, rc;

	rc = check_complete(e, t);
	if (rc != VIPCARE_OK)
		return rc;
	orig_len = t->original_len;
	refund = t->kind == VIPCARE_TXN_REFUND;

	/* the probe ends at the slot of the insert, unless the index grows before it */
	id_capacity = e->txn_index.capacity;
	if (vipcare__index_find_slot(&e->txn_index, txn_equal, e, t->id, id_len, hash, &id_slot) !=
	    VIPCARE__NONE) {
		vipcare__quote(quoted, sizeof(quoted), t->id, id_len);
		return vipcare__fail(e->last_error, VIPCARE_E_DUPLICATE,
				     "transaction %s was already recorded; this one is ignored", quoted);
	}
	cust = vipcare__index_find(&e->customer_index, customer_equal, e, t->customer, cust_len,
				   cust_hash);
	if (refund && orig_len > 0) {
		orig = vipcare__index_find(&e->txn_index, txn_equal, e, t->original, orig_len,
					   vipcare__hash(t->original, orig_len));
		if (orig != VIPCARE__NONE) {
			rc = check_refund(e, t, cust, orig);
			if (rc != VIPCARE_OK)
				return rc;
		}
	}
	if (cust != VIPCARE__NONE && vipcare__cust_at(e, cust)->gross > VIPCARE__GROSS_MAX - t->amount) {
		vipcare__quote(quoted, sizeof(quoted), t->id, id_len);
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "transaction %s: the customer's total would exceed what the engine sums exactly",
				     quoted);
	}

	/* reserve everything, so that nothing becomes visible on failure */
	if (e->txn_cold.count >= (size_t)UINT32_MAX - 1)
		return vipcare__fail(e->last_error, VIPCARE_E_LIMIT,
				     "the engine holds its maximum of %lu transactions",
				     (unsigned long)(UINT32_MAX - 1));
	if (cust == VIPCARE__NONE) {
		rc = reserve_customer(e, t->customer, cust_len, &cust_ref);
		if (rc != VIPCARE_OK)
			return rc;
	}
	rc = vipcare__index_reserve(&e->mem, &e->txn_index);
	if (rc == VIPCARE_OK)
		rc = vipcare__blocks_reserve(&e->mem, &e->txn_cold);
	if (rc == VIPCARE_OK && orig != VIPCARE__NONE)
		rc = vipcare__sums_reserve(&e->mem, &e->refunded);
	if (rc == VIPCARE_OK && refund && orig_len > 0)
		rc = vipcare__sums_reserve(&e->mem, &e->refund_links);
	if (rc == VIPCARE_OK && orig != VIPCARE__NONE)
		rc = vipcare__blocks_reserve(&e->mem, &e->refund_notes);
	if (rc == VIPCARE_OK && orig != VIPCARE__NONE)
		rc = vipcare__heads_cover(&e->mem, &e->refund_note_last, e->customers.count + 1);
	if (rc == VIPCARE_OK)
		rc = vipcare__pool_add(&e->mem, &e->pool, t->id, id_len, &id_ref);
	if (rc == VIPCARE_OK)
		rc = vipcare__intern(&e->mem, &e->pool, &e->stores, t->store, t->store_len, &store);
	if (rc == VIPCARE_OK)
		rc = vipcare__intern(&e->mem, &e->pool, &e->categories, t->category, t->category_len,
				     &category);
	if (rc == VIPCARE_OK && refund && orig_len > 0 && orig == VIPCARE__NONE)
		rc = vipcare__pool_add(&e->mem, &e->pool, t->original, orig_len, &orig_text);
	/* last, since a chunk cannot be given back */
	if (rc == VIPCARE_OK) {
		const struct vipcare__cust *old = cust == VIPCARE__NONE ? NULL : vipcare__cust_at(e, cust);
		unsigned k = old == NULL ? 0 : old->chunks;

		if (old == NULL || old->txn_count == vipcare__chunk_start(k)) {
			grown_bytes = vipcare__chunk_bytes(k);
			grown = vipcare__arena_alloc(&e->mem, &e->arena, grown_bytes);
			if (grown == NULL)
				rc = VIPCARE_E_NO_MEMORY;
		}
	}
	if (rc != VIPCARE_OK) {
		vipcare__quote(quoted, sizeof(quoted), t->id, id_len);
		return vipcare__fail(e->last_error, rc, "no room for transaction %s: %s", quoted,
				     vipcare_strerror(rc));
	}
	if (e->journal != NULL && (rc = vipcare__log_transaction(e, t)) != VIPCARE_OK) {
		if (grown != NULL)
			vipcare__arena_free_large(&e->mem, grown, grown_bytes);
		return rc;
	}

	if (cust == VIPCARE__NONE)
		cust = commit_customer(e, cust_ref, cust_hash);
	c = vipcare__cust_at(e, cust);
	if (grown != NULL) {
		grown->prev = c->chunk;
		c->chunk = grown;
		c->chunks++;
	}
	index = (uint32_t)e->txn_cold.count;
	/* reserved above; not zeroed first, since every field is set below */
	cold = vipcare__cold_at(e, (uint32_t)e->txn_cold.count++);
	entry = &c->chunk->entries[c->txn_count - vipcare__chunk_start(c->chunks - 1u)];
	entry->ts = t->timestamp;
	entry->amount = refund ? -t->amount : t->amount;
	cold->customer = cust;
	cold->pos = c->txn_count;
	cold->id = id_ref;
	cold->store = store;
	cold->category = category;
	if (e->txn_index.capacity == id_capacity)
		vipcare__index_insert_at(&e->txn_index, id_slot, hash, index);
	else
		vipcare__index_insert(&e->txn_index, hash, index);
	if (orig != VIPCARE__NONE) {
		struct vipcare__refund_note *note = vipcare__blocks_push(&e->refund_notes);

		vipcare__sums_add(&e->refunded, orig, t->amount);
		note->pos = c->txn_count;
		note->original = orig;
		note->prev = e->refund_note_last.at[cust];
		e->refund_note_last.at[cust] = (uint32_t)(e->refund_notes.count - 1);
	}
	if (refund && orig_len > 0)
		vipcare__sums_add(&e->refund_links, index,
				  orig != VIPCARE__NONE ? (int64_t)orig + 1 : -(int64_t)orig_text);

	c->txn_count++;
	c->gross += t->amount;
	vipcare__summary_stale(e, cust);
	/* a purchase from the first one's day on (most) leaves it; its date only if earlier */
	if (c->first_txn == VIPCARE_DATE_NONE || t->timestamp < (int64_t)c->first_txn * 86400)
		c->first_txn = vipcare__ts_date(t->timestamp);
	e->generation++;
	return VIPCARE_OK;
}

int vipcare__heads_cover(struct vipcare__mem *m, struct vipcare__heads *h, size_t count)
{
	size_t cap = h->count ? h->count : 64, i;
	uint32_t *grown;

	if (count <= h->count)
		return VIPCARE_OK;
	while (cap < count)
		cap *= 2;
	grown = vipcare__mem_resize(m, h->at, h->count * sizeof(uint32_t), cap * sizeof(uint32_t));
	if (grown == NULL)
		return VIPCARE_E_NO_MEMORY;
	for (i = h->count; i < cap; i++)
		grown[i] = VIPCARE__NONE;
	h->at = grown;
	h->count = cap;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_add_transaction(struct vipcare_engine *e, const struct vipcare_transaction *t)
{
	struct txn_keys keys;

	if (e == NULL || t == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	txn_keys_of(t, &keys);
	return add_one(e, t, &keys);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/*
 * How far ahead a batch looks: the hash slots of record i + SLOTS_AHEAD,
 * the customer record of record i + RECORD_AHEAD and the end of the
 * customer's array of entries of record i + ENTRY_AHEAD are touched while
 * record i is recorded, so that their cache misses overlap with work.
 */
#define SLOTS_AHEAD 32
#define RECORD_AHEAD 16
#define ENTRY_AHEAD 8
#define RING 64 /* a power of two above SLOTS_AHEAD */

static const struct vipcare__slot *home_slot(const struct vipcare__index *ix, uint32_t hash)
{
	return ix->capacity == 0 ? NULL : &ix->slots[hash & (ix->capacity - 1)];
}

/*
 * Records transactions in order, exactly as vipcare_engine_add_transaction()
 * on each would, but as a pipeline: it first touches the hash slots of a
 * record's id and customer, later the customer record its slot points to,
 * and records it last, so that the cache misses of many records overlap
 * instead of following one another.
 */
VIPCARE_API int vipcare_engine_add_transactions(struct vipcare_engine *e,
						const struct vipcare_transaction *const *txns,
						size_t count, size_t *done)
{
	struct txn_keys keys[RING];
	size_t i;
	int rc;

	if (done != NULL)
		*done = 0;
	if (e == NULL || (txns == NULL && count > 0) || done == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	for (i = 0; i < count; i++) {
		if (txns[i] == NULL)
			return vipcare__fail(e->last_error, VIPCARE_E_INVALID_ARGUMENT,
					     "transaction record %zu of the batch is NULL", i);
	}
	/* one call: its journal records are flushed together at its end */
	if (e->journal != NULL)
		vipcare__journal_batch_begin(e);
	for (i = 0; i < count + SLOTS_AHEAD; i++) {
		const struct vipcare__slot *slot;

		if (i < count) {
			struct txn_keys *k = &keys[i % RING];

			txn_keys_of(txns[i], k);
			if ((slot = home_slot(&e->txn_index, k->hash)) != NULL)
				PREFETCH(slot);
			if ((slot = home_slot(&e->customer_index, k->cust_hash)) != NULL)
				PREFETCH(slot);
		}
		if (i >= RECORD_AHEAD && i - RECORD_AHEAD < count) {
			const struct txn_keys *k = &keys[(i - RECORD_AHEAD) % RING];

			slot = home_slot(&e->customer_index, k->cust_hash);
			if (slot != NULL && slot->index_plus_one != 0 && slot->hash == k->cust_hash)
				PREFETCH(vipcare__cust_at(e, slot->index_plus_one - 1));
		}
		if (i >= ENTRY_AHEAD && i - ENTRY_AHEAD < count) {
			const struct txn_keys *k = &keys[(i - ENTRY_AHEAD) % RING];

			slot = home_slot(&e->customer_index, k->cust_hash);
			if (slot != NULL && slot->index_plus_one != 0 && slot->hash == k->cust_hash) {
				const struct vipcare__cust *c = vipcare__cust_at(e, slot->index_plus_one - 1);

				if (c->chunk != NULL)
					PREFETCH(&c->chunk->entries[c->txn_count -
								     vipcare__chunk_start(c->chunks - 1u)]);
			}
		}
		if (i >= SLOTS_AHEAD) {
			size_t j = i - SLOTS_AHEAD;

			rc = add_one(e, txns[j], &keys[j % RING]);
			if (rc != VIPCARE_OK)
				return e->journal != NULL ? vipcare__journal_batch_end(e, rc) : rc;
			*done = j + 1;
		}
	}
	return e->journal != NULL ? vipcare__journal_batch_end(e, VIPCARE_OK) : VIPCARE_OK;
}

uint32_t vipcare__known_customer(struct vipcare_engine *e, const char *id)
{
	char quoted[64];
	size_t len = strlen(id);
	uint32_t index = vipcare__engine_find_customer(e, id, len);

	if (index == VIPCARE__NONE) {
		vipcare__quote(quoted, sizeof(quoted), id, len);
		vipcare__fail(e->last_error, VIPCARE_E_UNKNOWN_CUSTOMER, "customer %s is not known",
			      quoted);
	}
	return index;
}

VIPCARE_API int vipcare_engine_set_override(struct vipcare_engine *e, const char *customer_id,
					    const char *tier, int32_t until)
{
	uint32_t index;
	int8_t rank = -1;
	int rc;

	if (e == NULL || customer_id == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	if (until != VIPCARE_DATE_NONE && (until < VIPCARE_DATE_MIN || until > VIPCARE_DATE_MAX))
		return vipcare__fail(e->last_error, VIPCARE_E_DATE,
				     "override end %ld is outside 1900-01-01 .. 9999-12-31", (long)until);
	index = vipcare__known_customer(e, customer_id);
	if (index == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	rc = resolve_tier(e, tier, &rank);
	if (rc != VIPCARE_OK)
		return rc;
	if (e->journal != NULL && (rc = vipcare__log_override(e, customer_id, tier, until)) != VIPCARE_OK)
		return rc;
	vipcare__cust_at(e, index)->override_tier = rank;
	vipcare__cust_at(e, index)->override_until = rank < 0 ? VIPCARE_DATE_NONE : until;
	vipcare__summary_stale(e, index);
	e->generation++;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_get_customer(struct vipcare_engine *e, const char *customer_id,
					    struct vipcare_customer *out)
{
	const struct vipcare__cust *c;
	uint32_t index;

	if (e == NULL || customer_id == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	index = vipcare__known_customer(e, customer_id);
	if (index == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	c = vipcare__cust_at(e, index);
	vipcare_customer_clear(out);
	memcpy(out->id, vipcare__pool_str(&e->pool, c->id), vipcare__pool_len(&e->pool, c->id) + 1);
	strcpy(out->advisor, vipcare__interned_str(&e->pool, &e->advisors, c->advisor));
	if (c->override_tier >= 0)
		strcpy(out->override_tier, e->policy.tiers[c->override_tier].name);
	out->override_until = c->override_until;
	out->joined = c->joined;
	out->birthday_month = c->birthday_month;
	out->birthday_day = c->birthday_day;
	out->consent = c->consent;
	out->marketing_opt_out = (c->flags & VIPCARE__CUST_OPT_OUT) != 0;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_get_transaction(struct vipcare_engine *e, const char *txn_id,
					       struct vipcare_transaction *out)
{
	char quoted[64];
	const struct vipcare__entry *entry;
	const struct vipcare__txn_cold *cold;
	size_t len;
	uint32_t index, orig_ref;
	int64_t link;

	if (e == NULL || txn_id == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	len = strlen(txn_id);
	index = vipcare__index_find(&e->txn_index, txn_equal, e, txn_id, len,
				    vipcare__hash(txn_id, len));
	if (index == VIPCARE__NONE) {
		vipcare__quote(quoted, sizeof(quoted), txn_id, len);
		return vipcare__fail(e->last_error, VIPCARE_E_UNKNOWN_TRANSACTION,
				     "transaction %s is not known", quoted);
	}
	entry = vipcare__entry_at(e, index);
	cold = vipcare__cold_at(e, index);
	vipcare_transaction_clear(out);
	strcpy(out->id, vipcare__pool_str(&e->pool, cold->id));
	strcpy(out->customer, vipcare__pool_str(&e->pool, vipcare__cust_at(e, cold->customer)->id));
	strcpy(out->store, vipcare__interned_str(&e->pool, &e->stores, cold->store));
	strcpy(out->category, vipcare__interned_str(&e->pool, &e->categories, cold->category));
	link = vipcare__sums_get(&e->refund_links, index);
	orig_ref = link > 0 ? vipcare__cold_at(e, (uint32_t)(link - 1))->id : (uint32_t)-link;
	if (orig_ref != 0)
		strcpy(out->original, vipcare__pool_str(&e->pool, orig_ref));
	/* as the setters would: the record may be recorded again */
	out->id_len = (unsigned char)strlen(out->id);
	out->customer_len = (unsigned char)strlen(out->customer);
	out->store_len = (unsigned char)strlen(out->store);
	out->category_len = (unsigned char)strlen(out->category);
	out->original_len = (unsigned char)strlen(out->original);
	out->has_timestamp = 1;
	out->timestamp = entry->ts;
	out->kind = entry->amount < 0 ? VIPCARE_TXN_REFUND : VIPCARE_TXN_SALE;
	out->amount = entry->amount < 0 ? -entry->amount : entry->amount;
	return VIPCARE_OK;
}

VIPCARE_API int vipcare_engine_effective_joined(struct vipcare_engine *e, const char *customer_id,
						int32_t *out)
{
	uint32_t index;

	if (e == NULL || customer_id == NULL || out == NULL)
		return VIPCARE_E_INVALID_ARGUMENT;
	index = vipcare__known_customer(e, customer_id);
	if (index == VIPCARE__NONE)
		return VIPCARE_E_UNKNOWN_CUSTOMER;
	*out = vipcare__effective_joined(vipcare__cust_at(e, index));
	return VIPCARE_OK;
}
