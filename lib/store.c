/*
 * libvipcare — the engine's storage primitives (see store.h).
 * SPDX-License-Identifier: MIT
 */
#include <string.h>

#include "store.h"

void *vipcare__mem_alloc(struct vipcare__mem *m, size_t size)
{
	void *p = m->realloc_fn(NULL, size, m->user_data);

	if (p != NULL)
		m->used += size;
	return p;
}

void *vipcare__mem_calloc(struct vipcare__mem *m, size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	p = vipcare__mem_alloc(m, count * size);
	if (p != NULL)
		memset(p, 0, count * size);
	return p;
}

void *vipcare__mem_resize(struct vipcare__mem *m, void *ptr, size_t old_size, size_t new_size)
{
	void *p = m->realloc_fn(ptr, new_size, m->user_data);

	if (p != NULL)
		m->used = m->used - old_size + new_size;
	return p;
}

void vipcare__mem_free(struct vipcare__mem *m, void *ptr, size_t size)
{
	if (ptr == NULL)
		return;
	m->free_fn(ptr, m->user_data);
	m->used -= size;
}

/* Grows an array of pointers by doubling; 0 on success. */
static int grow_pointers(struct vipcare__mem *m, void *array_ptr, size_t *capacity, size_t need)
{
	void ***array = array_ptr;
	size_t cap = *capacity ? *capacity : 16;
	void **p;

	while (cap < need)
		cap *= 2;
	if (cap == *capacity)
		return 0;
	p = vipcare__mem_resize(m, *array, *capacity * sizeof(void *), cap * sizeof(void *));
	if (p == NULL)
		return -1;
	*array = p;
	*capacity = cap;
	return 0;
}

int vipcare__pool_grow(struct vipcare__mem *m, struct vipcare__pool *p)
{
	uint64_t start = (uint64_t)p->block_count << VIPCARE__POOL_BLOCK_BITS;

	if (start + VIPCARE__POOL_BLOCK > (uint64_t)UINT32_MAX + 1)
		return VIPCARE_E_LIMIT;
	if (grow_pointers(m, &p->blocks, &p->block_capacity, p->block_count + 1) != 0)
		return VIPCARE_E_NO_MEMORY;
	p->blocks[p->block_count] = vipcare__mem_alloc(m, VIPCARE__POOL_BLOCK);
	if (p->blocks[p->block_count] == NULL)
		return VIPCARE_E_NO_MEMORY;
	p->block_count++;
	p->end = start == 0 ? 1 : start; /* offset 0 stays "none" */
	return VIPCARE_OK;
}

void vipcare__pool_release(struct vipcare__mem *m, struct vipcare__pool *p)
{
	size_t i;

	for (i = 0; i < p->block_count; i++)
		vipcare__mem_free(m, p->blocks[i], VIPCARE__POOL_BLOCK);
	vipcare__mem_free(m, p->blocks, p->block_capacity * sizeof(char *));
	memset(p, 0, sizeof(*p));
}

void vipcare__index_insert(struct vipcare__index *ix, uint32_t hash, uint32_t index)
{
	size_t mask = ix->capacity - 1, i;

	for (i = hash & mask; ix->slots[i].index_plus_one != 0; i = (i + 1) & mask)
		;
	ix->slots[i].hash = hash;
	ix->slots[i].index_plus_one = index + 1;
	ix->count++;
}

/* vipcare__index_reserve() when the index is full: doubles it. */
int vipcare__index_grow(struct vipcare__mem *m, struct vipcare__index *ix)
{
	struct vipcare__index grown;
	size_t i, mask;

	if (ix->count + 1 > (size_t)UINT32_MAX)
		return VIPCARE_E_LIMIT;
	grown.capacity = ix->capacity ? ix->capacity * 2 : 64;
	grown.count = ix->count;
	grown.slots = vipcare__mem_calloc(m, grown.capacity, sizeof(struct vipcare__slot));
	if (grown.slots == NULL)
		return VIPCARE_E_NO_MEMORY;
	/* the slots are copied whole, hash and number together */
	mask = grown.capacity - 1;
	for (i = 0; i < ix->capacity; i++) {
		struct vipcare__slot slot = ix->slots[i];
		size_t j;

		if (slot.index_plus_one == 0)
			continue;
		for (j = slot.hash & mask; grown.slots[j].index_plus_one != 0; j = (j + 1) & mask)
			;
		grown.slots[j] = slot;
	}
	vipcare__mem_free(m, ix->slots, ix->capacity * sizeof(struct vipcare__slot));
	*ix = grown;
	return VIPCARE_OK;
}

void vipcare__index_release(struct vipcare__mem *m, struct vipcare__index *ix)
{
	vipcare__mem_free(m, ix->slots, ix->capacity * sizeof(struct vipcare__slot));
	memset(ix, 0, sizeof(*ix));
}

void vipcare__blocks_init(struct vipcare__blocks *b, size_t elem_size, unsigned bits)
{
	memset(b, 0, sizeof(*b));
	b->elem_size = elem_size;
	b->bits = bits;
}

/* vipcare__blocks_reserve() when the last block is full: one block more. */
int vipcare__blocks_grow(struct vipcare__mem *m, struct vipcare__blocks *b)
{
	size_t per_block = (size_t)1 << b->bits;

	if (grow_pointers(m, &b->blocks, &b->block_capacity, b->block_count + 1) != 0)
		return VIPCARE_E_NO_MEMORY;
	b->blocks[b->block_count] = vipcare__mem_alloc(m, per_block * b->elem_size);
	if (b->blocks[b->block_count] == NULL)
		return VIPCARE_E_NO_MEMORY;
	b->block_count++;
	return VIPCARE_OK;
}

void *vipcare__blocks_push(struct vipcare__blocks *b)
{
	void *elem = vipcare__blocks_at(b, b->count);

	memset(elem, 0, b->elem_size);
	b->count++;
	return elem;
}

void vipcare__blocks_release(struct vipcare__mem *m, struct vipcare__blocks *b)
{
	size_t i, per_block = (size_t)1 << b->bits;

	for (i = 0; i < b->block_count; i++)
		vipcare__mem_free(m, b->blocks[i], per_block * b->elem_size);
	vipcare__mem_free(m, b->blocks, b->block_capacity * sizeof(void *));
	vipcare__blocks_init(b, b->elem_size, b->bits);
}

struct interned_owner {
	const struct vipcare__pool *pool;
	const struct vipcare__interned *in;
};

static int interned_equal(const void *owner, uint32_t index, const char *s, size_t len)
{
	const struct interned_owner *o = owner;

	return vipcare__pool_equal(o->pool, o->in->refs[index], s, len);
}

static void short_put(struct vipcare__short_slot *slots, size_t capacity, uint64_t word, uint32_t len,
		      uint32_t number)
{
	size_t i;

	for (i = vipcare__short_home(word, len, capacity); slots[i].len != 0; i = (i + 1) & (capacity - 1))
		;
	slots[i].word = word;
	slots[i].len = len;
	slots[i].number = number;
}

/* Room for one more short string, the load kept at or below 1/2. */
static int short_reserve(struct vipcare__mem *m, struct vipcare__interned *in)
{
	struct vipcare__short_slot *grown;
	size_t cap, i;

	if ((in->short_count + 1) * 2 <= in->short_capacity)
		return VIPCARE_OK;
	cap = in->short_capacity ? in->short_capacity * 2 : 32;
	grown = vipcare__mem_calloc(m, cap, sizeof(*grown));
	if (grown == NULL)
		return VIPCARE_E_NO_MEMORY;
	for (i = 0; i < in->short_capacity; i++) {
		if (in->shorts[i].len != 0)
			short_put(grown, cap, in->shorts[i].word, in->shorts[i].len, in->shorts[i].number);
	}
	vipcare__mem_free(m, in->shorts, in->short_capacity * sizeof(*in->shorts));
	in->shorts = grown;
	in->short_capacity = cap;
	return VIPCARE_OK;
}

int vipcare__intern_slowly(struct vipcare__mem *m, struct vipcare__pool *pool,
			   struct vipcare__interned *in, const char *s, size_t len, uint32_t *number)
{
	struct interned_owner owner = { pool, in };
	uint32_t hash, found, ref;
	uint64_t word = 0;
	int rc;

	/* vipcare__intern() has looked in the short table already */
	if (len <= 8)
		word = vipcare__short_word(s, len);
	hash = vipcare__hash(s, len);
	found = vipcare__index_find(&in->index, interned_equal, &owner, s, len, hash);
	if (found != VIPCARE__NONE) {
		*number = found + 1; /* a short string is always in both tables */
		return VIPCARE_OK;
	}
	if (in->count == in->capacity) {
		size_t cap = in->capacity ? in->capacity * 2 : 16;
		uint32_t *refs = vipcare__mem_resize(m, in->refs, in->capacity * sizeof(uint32_t),
						     cap * sizeof(uint32_t));

		if (refs == NULL)
			return VIPCARE_E_NO_MEMORY;
		in->refs = refs;
		in->capacity = cap;
	}
	rc = vipcare__index_reserve(m, &in->index);
	if (rc == VIPCARE_OK && len <= 8)
		rc = short_reserve(m, in);
	if (rc != VIPCARE_OK)
		return rc;
	rc = vipcare__pool_add(m, pool, s, len, &ref);
	if (rc != VIPCARE_OK)
		return rc;
	in->refs[in->count] = ref;
	vipcare__index_insert(&in->index, hash, (uint32_t)in->count);
	in->count++;
	*number = (uint32_t)in->count;
	if (len <= 8) {
		short_put(in->shorts, in->short_capacity, word, (uint32_t)len, *number);
		in->short_count++;
	}
	return VIPCARE_OK;
}

uint32_t vipcare__interned_find(const struct vipcare__pool *pool, const struct vipcare__interned *in,
				const char *s, size_t len)
{
	struct interned_owner owner = { pool, in };
	uint32_t found;

	if (len == 0)
		return 0;
	if (len <= 8)
		return vipcare__short_find(in, vipcare__short_word(s, len), len);
	found = vipcare__index_find(&in->index, interned_equal, &owner, s, len, vipcare__hash(s, len));
	return found == VIPCARE__NONE ? 0 : found + 1;
}

void vipcare__interned_release(struct vipcare__mem *m, struct vipcare__interned *in)
{
	vipcare__index_release(m, &in->index);
	vipcare__mem_free(m, in->refs, in->capacity * sizeof(uint32_t));
	vipcare__mem_free(m, in->shorts, in->short_capacity * sizeof(*in->shorts));
	memset(in, 0, sizeof(*in));
}

static size_t slab_size(size_t i)
{
	return i < VIPCARE__ARENA_SMALL_SLABS ? VIPCARE__ARENA_SLAB : VIPCARE__ARENA_BIG_SLAB;
}

void *vipcare__arena_alloc(struct vipcare__mem *m, struct vipcare__arena *a, size_t size)
{
	void *p;

	size = (size + 15) & ~(size_t)15;
	if (size == 0)
		return NULL;
	if (size > VIPCARE__ARENA_SMALL)
		return vipcare__mem_alloc(m, size);
	if (a->slab == NULL || a->slab_used + size > slab_size(a->slab_count - 1)) {
		unsigned char *slab;

		/* the rest of a full slab, under VIPCARE__ARENA_SMALL, is given up */
		if (grow_pointers(m, &a->slabs, &a->slab_capacity, a->slab_count + 1) != 0)
			return NULL;
		slab = vipcare__mem_alloc(m, slab_size(a->slab_count));
		if (slab == NULL)
			return NULL;
		a->slabs[a->slab_count++] = slab;
		a->slab = slab;
		/* an allocator may align to 8 only (malloc on armhf): start at 16 */
		a->slab_used = (size_t)(0u - (uintptr_t)slab) & 15u;
	}
	p = a->slab + a->slab_used;
	a->slab_used += size;
	return p;
}

void vipcare__arena_free_large(struct vipcare__mem *m, void *p, size_t size)
{
	size = (size + 15) & ~(size_t)15;
	if (size > VIPCARE__ARENA_SMALL)
		vipcare__mem_free(m, p, size);
}

void vipcare__arena_release(struct vipcare__mem *m, struct vipcare__arena *a)
{
	size_t i;

	for (i = 0; i < a->slab_count; i++)
		vipcare__mem_free(m, a->slabs[i], slab_size(i));
	vipcare__mem_free(m, a->slabs, a->slab_capacity * sizeof(void *));
	memset(a, 0, sizeof(*a));
}

static size_t sum_home(const struct vipcare__sums *s, uint32_t key)
{
	return (key * 2654435761u) & (s->capacity - 1);
}

int64_t vipcare__sums_get(const struct vipcare__sums *s, uint32_t key)
{
	size_t i;

	if (s->capacity == 0)
		return 0;
	for (i = sum_home(s, key); s->slots[i].key_plus_one != 0; i = (i + 1) & (s->capacity - 1)) {
		if (s->slots[i].key_plus_one == key + 1)
			return s->slots[i].sum;
	}
	return 0;
}

void vipcare__sums_add(struct vipcare__sums *s, uint32_t key, int64_t delta)
{
	size_t i;

	for (i = sum_home(s, key); s->slots[i].key_plus_one != 0; i = (i + 1) & (s->capacity - 1)) {
		if (s->slots[i].key_plus_one == key + 1) {
			s->slots[i].sum += delta;
			return;
		}
	}
	s->slots[i].key_plus_one = key + 1;
	s->slots[i].sum = delta;
	s->count++;
}

int vipcare__sums_reserve(struct vipcare__mem *m, struct vipcare__sums *s)
{
	struct vipcare__sums grown;
	size_t i;

	if (s->capacity != 0 && (s->count + 1) * 4 <= s->capacity * 3)
		return VIPCARE_OK;
	grown.capacity = s->capacity ? s->capacity * 2 : 64;
	grown.count = 0;
	grown.slots = vipcare__mem_calloc(m, grown.capacity, sizeof(*grown.slots));
	if (grown.slots == NULL)
		return VIPCARE_E_NO_MEMORY;
	for (i = 0; i < s->capacity; i++) {
		if (s->slots[i].key_plus_one != 0)
			vipcare__sums_add(&grown, s->slots[i].key_plus_one - 1, s->slots[i].sum);
	}
	vipcare__mem_free(m, s->slots, s->capacity * sizeof(*s->slots));
	*s = grown;
	return VIPCARE_OK;
}

void vipcare__sums_release(struct vipcare__mem *m, struct vipcare__sums *s)
{
	vipcare__mem_free(m, s->slots, s->capacity * sizeof(*s->slots));
	memset(s, 0, sizeof(*s));
}
