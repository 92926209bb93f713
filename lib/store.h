/*
 * libvipcare — the engine's storage: an accounted allocator, a pool of
 * id strings, hash indexes from id to record, and block arrays that grow
 * without moving what they hold. Nothing here is part of the ABI.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_STORE_H
#define VIPCARE_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"

#define VIPCARE__NONE UINT32_MAX

/* Every byte an engine holds goes through one of these. */
struct vipcare__mem {
	vipcare_realloc_fn realloc_fn;
	vipcare_free_fn free_fn;
	void *user_data;
	size_t used;
};

void *vipcare__mem_alloc(struct vipcare__mem *m, size_t size);
void *vipcare__mem_calloc(struct vipcare__mem *m, size_t count, size_t size);
/* Resizes @ptr from @old_size to @new_size; NULL on failure (ptr kept). */
void *vipcare__mem_resize(struct vipcare__mem *m, void *ptr, size_t old_size, size_t new_size);
void vipcare__mem_free(struct vipcare__mem *m, void *ptr, size_t size);

/*
 * A pool of id strings. A string is referred to by a 32-bit offset (0 is
 * "none"); it is stored as a length byte, the bytes and a NUL, and never
 * moves, so `vipcare__pool_str()` gives a stable C string.
 */
#define VIPCARE__POOL_BLOCK_BITS 20
#define VIPCARE__POOL_BLOCK ((size_t)1 << VIPCARE__POOL_BLOCK_BITS)

struct vipcare__pool {
	char **blocks;
	size_t block_count;
	size_t block_capacity;
	uint64_t end; /* offset of the next free byte */
};

/* vipcare__pool_add() when the last block has no room: a block more, the text going on there. */
int vipcare__pool_grow(struct vipcare__mem *m, struct vipcare__pool *p);
/* Adds a string of 1 .. 255 bytes; VIPCARE_E_LIMIT past 4 GiB of text. */
static inline int vipcare__pool_add(struct vipcare__mem *m, struct vipcare__pool *p, const char *s,
				    size_t len, uint32_t *ref)
{
	size_t pos = (size_t)(p->end & (VIPCARE__POOL_BLOCK - 1));
	char *at;

	/* a string never straddles two blocks */
	if (p->block_count == 0 || (p->end >> VIPCARE__POOL_BLOCK_BITS) >= p->block_count ||
	    pos + len + 2 > VIPCARE__POOL_BLOCK) {
		int rc = vipcare__pool_grow(m, p);

		if (rc != VIPCARE_OK)
			return rc;
		pos = (size_t)(p->end & (VIPCARE__POOL_BLOCK - 1));
	}
	at = p->blocks[p->block_count - 1] + pos;
	at[0] = (char)(unsigned char)len;
	memcpy(at + 1, s, len);
	at[len + 1] = '\0';
	*ref = (uint32_t)p->end;
	p->end += len + 2;
	return VIPCARE_OK;
}
static inline const char *vipcare__pool_str(const struct vipcare__pool *p, uint32_t ref)
{
	return p->blocks[ref >> VIPCARE__POOL_BLOCK_BITS] + (ref & (VIPCARE__POOL_BLOCK - 1)) + 1;
}
static inline size_t vipcare__pool_len(const struct vipcare__pool *p, uint32_t ref)
{
	return (unsigned char)p->blocks[ref >> VIPCARE__POOL_BLOCK_BITS][ref & (VIPCARE__POOL_BLOCK - 1)];
}
void vipcare__pool_release(struct vipcare__mem *m, struct vipcare__pool *p);

/*
 * An open-addressing hash index from an id to a record number. Each slot
 * keeps the id's hash beside the record number, so a probe touches the
 * record only when the hashes agree; @equal then compares the ids.
 */
struct vipcare__slot {
	uint32_t hash;
	uint32_t index_plus_one; /* 0: empty */
};

typedef int (*vipcare__equal_fn)(const void *owner, uint32_t index, const char *s, size_t len);

struct vipcare__index {
	struct vipcare__slot *slots;
	size_t capacity; /* a power of two, or 0 */
	size_t count;
};

/*
 * The ids' hash: eight bytes at a time (ids are short, and hashing is on
 * every recording), each word mixed in with a multiply and a shift (the
 * splitmix64 finaliser's step), seeded with the length.
 */
static inline uint64_t vipcare__load64(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8); /* the byte order only changes the hash, which is never stored */
	return w;
}

static inline uint64_t vipcare__load32(const char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
}

static inline uint64_t vipcare__mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0xbf58476d1ce4e5b9u;
	return h ^ (h >> 31);
}

/* Inline: it is on every recording, twice. */
static inline uint32_t vipcare__hash(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15u ^ ((uint64_t)len * 0xff51afd7ed558ccdu);
	size_t i = 0;

	if (len >= 8) {
		for (; i + 8 <= len; i += 8)
			h = vipcare__mix(h, vipcare__load64(s + i));
		if (i < len) /* the last eight bytes, overlapping the ones before */
			h = vipcare__mix(h, vipcare__load64(s + len - 8));
	} else if (len >= 4) {
		h = vipcare__mix(h, vipcare__load32(s) | vipcare__load32(s + len - 4) << 32);
	} else if (len > 0) {
		h = vipcare__mix(h, (uint64_t)(unsigned char)s[0] |
					    (uint64_t)(unsigned char)s[len / 2] << 8 |
					    (uint64_t)(unsigned char)s[len - 1] << 16);
	}
	/* the finalizer of splitmix64: every bit of the input reaches the low bits */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9u;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebu;
	h ^= h >> 31;
	return (uint32_t)(h ^ (h >> 32));
}

/* Whether pool string @ref is @s. */
static inline int vipcare__pool_equal(const struct vipcare__pool *p, uint32_t ref, const char *s,
				      size_t len)
{
	return vipcare__pool_len(p, ref) == len && memcmp(vipcare__pool_str(p, ref), s, len) == 0;
}
/*
 * The record number of @s, or VIPCARE__NONE; then *@free_slot is the
 * empty slot where the probe ended: where @hash goes for
 * vipcare__index_insert_at() as long as the index neither grows nor gains
 * another entry. *@free_slot is left as it was when the index has no
 * slots or the string is found.
 */
static inline uint32_t vipcare__index_find_slot(const struct vipcare__index *ix,
						vipcare__equal_fn equal, const void *owner,
						const char *s, size_t len, uint32_t hash,
						size_t *free_slot)
{
	size_t mask, i;

	if (ix->capacity == 0)
		return VIPCARE__NONE;
	mask = ix->capacity - 1;
	for (i = hash & mask;; i = (i + 1) & mask) {
		const struct vipcare__slot *slot = &ix->slots[i];

		if (slot->index_plus_one == 0) {
			*free_slot = i;
			return VIPCARE__NONE;
		}
		if (slot->hash == hash && equal(owner, slot->index_plus_one - 1, s, len))
			return slot->index_plus_one - 1;
	}
}
/*
 * The record number of @s, or VIPCARE__NONE. Inline, so that a constant
 * @equal is inlined into the probe too (and the unused slot dropped).
 */
static inline uint32_t vipcare__index_find(const struct vipcare__index *ix, vipcare__equal_fn equal,
					   const void *owner, const char *s, size_t len,
					   uint32_t hash)
{
	size_t unused;

	return vipcare__index_find_slot(ix, equal, owner, s, len, hash, &unused);
}
int vipcare__index_grow(struct vipcare__mem *m, struct vipcare__index *ix);
/* Makes room for one more entry; call before vipcare__index_insert(). */
static inline int vipcare__index_reserve(struct vipcare__mem *m, struct vipcare__index *ix)
{
	/* keep the load at or below 3/4; the rest, rarely, out of line */
	if (ix->capacity != 0 && (ix->count + 1) * 4 <= ix->capacity * 3)
		return VIPCARE_OK;
	return vipcare__index_grow(m, ix);
}
/* Inserts a record number known to be absent. */
void vipcare__index_insert(struct vipcare__index *ix, uint32_t hash, uint32_t index);
/* Inserts at the slot vipcare__index_find_slot() gave (see there). */
static inline void vipcare__index_insert_at(struct vipcare__index *ix, size_t slot, uint32_t hash,
					    uint32_t index)
{
	ix->slots[slot].hash = hash;
	ix->slots[slot].index_plus_one = index + 1;
	ix->count++;
}
void vipcare__index_release(struct vipcare__mem *m, struct vipcare__index *ix);

/*
 * A block array of fixed-size elements: element i lives in block
 * i >> bits; blocks are allocated as the array grows and never move.
 */
struct vipcare__blocks {
	unsigned char **blocks;
	size_t block_count;
	size_t block_capacity;
	size_t elem_size;
	unsigned bits;
	size_t count;
};

void vipcare__blocks_init(struct vipcare__blocks *b, size_t elem_size, unsigned bits);
int vipcare__blocks_grow(struct vipcare__mem *m, struct vipcare__blocks *b);
/* Makes room for one more element: VIPCARE_OK or VIPCARE_E_NO_MEMORY. */
static inline int vipcare__blocks_reserve(struct vipcare__mem *m, struct vipcare__blocks *b)
{
	if (b->count < b->block_count << b->bits)
		return VIPCARE_OK;
	return vipcare__blocks_grow(m, b);
}
/* Appends a zeroed element after a successful reserve; never fails. */
void *vipcare__blocks_push(struct vipcare__blocks *b);
/*
 * Element @i of a block array made with @bits and @elem_size: with
 * constants, finding it loads the block pointer only.
 */
static inline void *vipcare__blocks_at_fixed(const struct vipcare__blocks *b, size_t i, unsigned bits,
					     size_t elem_size)
{
	return b->blocks[i >> bits] + (i & (((size_t)1 << bits) - 1)) * elem_size;
}
static inline void *vipcare__blocks_at(const struct vipcare__blocks *b, size_t i)
{
	return vipcare__blocks_at_fixed(b, i, b->bits, b->elem_size);
}
void vipcare__blocks_release(struct vipcare__mem *m, struct vipcare__blocks *b);

/*
 * Interned short strings (stores, categories, advisors): a number per
 * distinct string, 0 for none.
 */
struct vipcare__interned {
	struct vipcare__index index;
	uint32_t *refs; /* refs[n - 1] is the pool ref of string n */
	size_t count;
	size_t capacity;
	/*
	 * Strings of at most 8 bytes (most store and category codes) are
	 * found here too: a second open-addressing table whose slots hold
	 * the length and the bytes in one word, so a look-up neither hashes
	 * the string's bytes one by one nor reads the pool.
	 */
	struct vipcare__short_slot *shorts;
	size_t short_capacity; /* a power of two, or 0 */
	size_t short_count;
};

struct vipcare__short_slot {
	uint64_t word;
	uint32_t len; /* 0: empty */
	uint32_t number;
};

/*
 * The bytes of a string of 1 .. 8 bytes in one word: with its length, the
 * word names the string exactly (for 4 .. 8 bytes the two 4-byte reads
 * cover every byte; for 1 .. 3, the first, middle and last do).
 */
static inline uint64_t vipcare__short_word(const char *s, size_t len)
{
	if (len >= 4) /* the byte order only changes the word, which is never stored */
		return vipcare__load32(s) | vipcare__load32(s + len - 4) << 32;
	return (uint64_t)(unsigned char)s[0] | (uint64_t)(unsigned char)s[len / 2] << 8 |
	       (uint64_t)(unsigned char)s[len - 1] << 16;
}

static inline size_t vipcare__short_home(uint64_t word, size_t len, size_t capacity)
{
	return (size_t)(((word ^ len) * 0x9e3779b97f4a7c15u) >> 32) & (capacity - 1);
}

/* The number of a short string, or 0. */
static inline uint32_t vipcare__short_find(const struct vipcare__interned *in, uint64_t word,
					   size_t len)
{
	size_t mask, i;

	if (in->short_capacity == 0)
		return 0;
	mask = in->short_capacity - 1;
	for (i = vipcare__short_home(word, len, in->short_capacity);; i = (i + 1) & mask) {
		const struct vipcare__short_slot *slot = &in->shorts[i];

		if (slot->len == 0)
			return 0;
		if (slot->len == len && slot->word == word)
			return slot->number;
	}
}

/* vipcare__intern() for a string (1 byte or more) that is not a known short one. */
int vipcare__intern_slowly(struct vipcare__mem *m, struct vipcare__pool *pool,
			   struct vipcare__interned *in, const char *s, size_t len, uint32_t *number);

/*
 * The number of @s, interned first if new. A known short string (most
 * store and category codes, on every recording) is found inline.
 */
static inline int vipcare__intern(struct vipcare__mem *m, struct vipcare__pool *pool,
				  struct vipcare__interned *in, const char *s, size_t len,
				  uint32_t *number)
{
	if (len == 0) {
		*number = 0;
		return VIPCARE_OK;
	}
	if (len <= 8 && (*number = vipcare__short_find(in, vipcare__short_word(s, len), len)) != 0)
		return VIPCARE_OK;
	return vipcare__intern_slowly(m, pool, in, s, len, number);
}
/* The number of an interned string, 0 when it was never interned. */
uint32_t vipcare__interned_find(const struct vipcare__pool *pool, const struct vipcare__interned *in,
				const char *s, size_t len);
static inline const char *vipcare__interned_str(const struct vipcare__pool *pool,
						const struct vipcare__interned *in, uint32_t number)
{
	return number == 0 ? "" : vipcare__pool_str(pool, in->refs[number - 1]);
}
void vipcare__interned_release(struct vipcare__mem *m, struct vipcare__interned *in);

/*
 * A bump allocator for blocks that live as long as the engine: small
 * blocks are cut from slabs (one allocator call a slab), larger ones get
 * their own allocation, which their owner frees. The first
 * VIPCARE__ARENA_SMALL_SLABS slabs are of 1 MiB, so that a small engine
 * stays small; the next ones of 8 MiB, large enough for huge pages (see
 * vipcare__memory_advise_large()).
 */
#define VIPCARE__ARENA_SLAB ((size_t)1 << 20)
#define VIPCARE__ARENA_BIG_SLAB ((size_t)8 << 20)
#define VIPCARE__ARENA_SMALL_SLABS 16
#define VIPCARE__ARENA_SMALL (VIPCARE__ARENA_SLAB / 16)

struct vipcare__arena {
	unsigned char *slab; /* the slab being cut */
	size_t slab_used;
	void **slabs;
	size_t slab_count, slab_capacity;
};

/* A block of @size bytes, 16-byte aligned, or NULL when out of memory. */
void *vipcare__arena_alloc(struct vipcare__mem *m, struct vipcare__arena *a, size_t size);
/* Frees a block above VIPCARE__ARENA_SMALL; smaller ones go with the slabs. */
void vipcare__arena_free_large(struct vipcare__mem *m, void *p, size_t size);
void vipcare__arena_release(struct vipcare__mem *m, struct vipcare__arena *a);

/* A map from a record number to a sum, for the few records that need one. */
struct vipcare__sum_slot {
	uint32_t key_plus_one; /* 0: empty */
	int64_t sum;
};

struct vipcare__sums {
	struct vipcare__sum_slot *slots;
	size_t capacity, count;
};

int64_t vipcare__sums_get(const struct vipcare__sums *s, uint32_t key);
/* Makes room for one more key: VIPCARE_OK or VIPCARE_E_NO_MEMORY. */
int vipcare__sums_reserve(struct vipcare__mem *m, struct vipcare__sums *s);
/* Adds @delta to the sum of @key (0 when absent), after a reserve. */
void vipcare__sums_add(struct vipcare__sums *s, uint32_t key, int64_t delta);
void vipcare__sums_release(struct vipcare__mem *m, struct vipcare__sums *s);

#endif /* VIPCARE_STORE_H */
