/*
 * White-box tests of the engine's storage primitives (lib/store.h): the
 * string pool across block boundaries, the hash index under growth, block
 * arrays and interning. These are internal, so the test links the static
 * library and includes the private header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static void *std_realloc(void *ptr, size_t size, void *ud)
{
	(void)ud;
	return realloc(ptr, size);
}

static void std_free(void *ptr, void *ud)
{
	(void)ud;
	free(ptr);
}

static struct vipcare__mem new_mem(void)
{
	struct vipcare__mem m = { std_realloc, std_free, NULL, 0 };

	return m;
}

/* A string that ends exactly on a block boundary must not be overwritten. */
static void test_pool_exact_block_boundary(void **state)
{
	struct vipcare__mem m = new_mem();
	struct vipcare__pool pool;
	uint32_t first = 0, ref = 0, *refs;
	char text[64];
	size_t i, n;

	(void)state;
	memset(&pool, 0, sizeof(pool));
	/* offset 0 is "none": the first string starts at 1 and takes 61 + 2 bytes */
	memset(text, 'a', 61);
	assert_int_equal(vipcare__pool_add(&m, &pool, text, 61, &first), VIPCARE_OK);
	assert_int_equal(first, 1);
	/* then strings of 62 + 2 bytes end exactly at 1 MiB */
	n = (VIPCARE__POOL_BLOCK - 64) / 64;
	refs = malloc((n + 2) * sizeof(*refs));
	assert_non_null(refs);
	for (i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "%062zu", i);
		assert_int_equal(vipcare__pool_add(&m, &pool, text, 62, &refs[i]), VIPCARE_OK);
	}
	assert_int_equal(pool.end, VIPCARE__POOL_BLOCK);
	assert_int_equal(pool.block_count, 1);
	assert_int_equal(vipcare__pool_add(&m, &pool, "next", 4, &ref), VIPCARE_OK);
	assert_int_equal(pool.block_count, 2);
	assert_int_equal(ref, VIPCARE__POOL_BLOCK);
	assert_string_equal(vipcare__pool_str(&pool, ref), "next");
	/* and a string too long for what is left of a block starts the next */
	for (i = 0; i < n + 1; i++)
		assert_int_equal(vipcare__pool_add(&m, &pool, text, 62, &ref), VIPCARE_OK);
	assert_int_equal(pool.block_count, 3);
	assert_int_equal(ref >> VIPCARE__POOL_BLOCK_BITS, 2);
	memset(text, 'a', 61);
	assert_int_equal(vipcare__pool_len(&pool, first), 61);
	assert_memory_equal(vipcare__pool_str(&pool, first), text, 61);
	for (i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "%062zu", i);
		assert_string_equal(vipcare__pool_str(&pool, refs[i]), text);
	}
	free(refs);
	vipcare__pool_release(&m, &pool);
	assert_int_equal(m.used, 0);
}

struct strings {
	struct vipcare__pool pool;
	uint32_t refs[70000];
};

static int strings_equal(const void *owner, uint32_t index, const char *s, size_t len)
{
	const struct strings *o = owner;

	return vipcare__pool_equal(&o->pool, o->refs[index], s, len);
}

static void test_index_grows_and_finds_everything(void **state)
{
	struct vipcare__mem m = new_mem();
	struct vipcare__index ix;
	struct strings *o = calloc(1, sizeof(*o));
	char text[32];
	uint32_t i;

	(void)state;
	assert_non_null(o);
	memset(&ix, 0, sizeof(ix));
	for (i = 0; i < 70000; i++) {
		size_t len = (size_t)snprintf(text, sizeof(text), "id-%u", i);
		uint32_t h = vipcare__hash(text, len);

		assert_int_equal(vipcare__index_find(&ix, strings_equal, o, text, len, h), VIPCARE__NONE);
		assert_int_equal(vipcare__pool_add(&m, &o->pool, text, len, &o->refs[i]), VIPCARE_OK);
		assert_int_equal(vipcare__index_reserve(&m, &ix), VIPCARE_OK);
		vipcare__index_insert(&ix, h, i);
		/* the load never passes 3/4 */
		assert_true(ix.count * 4 <= ix.capacity * 3);
	}
	for (i = 0; i < 70000; i++) {
		size_t len = (size_t)snprintf(text, sizeof(text), "id-%u", i);

		assert_int_equal(vipcare__index_find(&ix, strings_equal, o, text, len,
						     vipcare__hash(text, len)), i);
	}
	assert_int_equal(vipcare__index_find(&ix, strings_equal, o, "id-70000", 8,
					     vipcare__hash("id-70000", 8)), VIPCARE__NONE);
	vipcare__index_release(&m, &ix);
	vipcare__pool_release(&m, &o->pool);
	assert_int_equal(m.used, 0);
	free(o);
}

/*
 * Recording's way: one probe finds the slot, the index may grow before the
 * insert, and the slot is used only when it did not; the same index as
 * vipcare__index_insert() builds.
 */
static void test_index_insert_at_the_probed_slot(void **state)
{
	struct vipcare__mem m = new_mem();
	struct vipcare__index ix, plain;
	struct strings *o = calloc(1, sizeof(*o));
	char text[32];
	uint32_t i;

	(void)state;
	assert_non_null(o);
	memset(&ix, 0, sizeof(ix));
	memset(&plain, 0, sizeof(plain));
	for (i = 0; i < 70000; i++) {
		size_t len = (size_t)snprintf(text, sizeof(text), "id-%u", i);
		uint32_t h = vipcare__hash(text, len);
		size_t capacity = ix.capacity, slot = 0;

		assert_int_equal(vipcare__index_find_slot(&ix, strings_equal, o, text, len, h, &slot),
				 VIPCARE__NONE);
		assert_int_equal(vipcare__pool_add(&m, &o->pool, text, len, &o->refs[i]), VIPCARE_OK);
		assert_int_equal(vipcare__index_reserve(&m, &ix), VIPCARE_OK);
		assert_int_equal(vipcare__index_reserve(&m, &plain), VIPCARE_OK);
		if (ix.capacity == capacity)
			vipcare__index_insert_at(&ix, slot, h, i);
		else
			vipcare__index_insert(&ix, h, i);
		vipcare__index_insert(&plain, h, i);
		assert_int_equal(ix.count, plain.count);
		assert_int_equal(ix.capacity, plain.capacity);
	}
	assert_memory_equal(ix.slots, plain.slots, ix.capacity * sizeof(*ix.slots));
	for (i = 0; i < 70000; i += 7) {
		size_t len = (size_t)snprintf(text, sizeof(text), "id-%u", i);
		size_t slot = 0;

		assert_int_equal(vipcare__index_find_slot(&ix, strings_equal, o, text, len,
							  vipcare__hash(text, len), &slot), i);
	}
	vipcare__index_release(&m, &ix);
	vipcare__index_release(&m, &plain);
	vipcare__pool_release(&m, &o->pool);
	assert_int_equal(m.used, 0);
	free(o);
}

static void test_blocks_and_interning(void **state)
{
	struct vipcare__mem m = new_mem();
	struct vipcare__blocks b;
	struct vipcare__pool pool;
	struct vipcare__interned in;
	uint32_t a = 9, again = 9, other = 9, none = 9;
	size_t i;

	(void)state;
	vipcare__blocks_init(&b, sizeof(uint64_t), 4);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(vipcare__blocks_reserve(&m, &b), VIPCARE_OK);
		*(uint64_t *)vipcare__blocks_push(&b) = i * 3;
	}
	assert_int_equal(b.block_count, 63);
	for (i = 0; i < 1000; i++)
		assert_int_equal(*(uint64_t *)vipcare__blocks_at(&b, i), i * 3);
	vipcare__blocks_release(&m, &b);

	memset(&pool, 0, sizeof(pool));
	memset(&in, 0, sizeof(in));
	assert_int_equal(vipcare__intern(&m, &pool, &in, "B1-12", 5, &a), VIPCARE_OK);
	assert_int_equal(vipcare__intern(&m, &pool, &in, "B2", 2, &other), VIPCARE_OK);
	assert_int_equal(vipcare__intern(&m, &pool, &in, "B1-12", 5, &again), VIPCARE_OK);
	assert_int_equal(vipcare__intern(&m, &pool, &in, "", 0, &none), VIPCARE_OK);
	assert_int_equal(a, 1);
	assert_int_equal(other, 2);
	assert_int_equal(again, 1);
	assert_int_equal(none, 0);
	assert_string_equal(vipcare__interned_str(&pool, &in, 2), "B2");
	assert_string_equal(vipcare__interned_str(&pool, &in, 0), "");
	vipcare__interned_release(&m, &in);
	vipcare__pool_release(&m, &pool);
	assert_int_equal(m.used, 0);
}

/*
 * Short strings (up to 8 bytes) are found through their own table: every
 * length from 1 to 12, strings that share their first, middle or last
 * bytes, and enough of them to grow both tables; each keeps its number.
 */
static void test_interning_short_and_long(void **state)
{
	static const char alphabet[] = "ab";
	struct vipcare__mem m = new_mem();
	struct vipcare__pool pool;
	struct vipcare__interned in;
	char text[16];
	uint32_t number, expected = 0;
	size_t len, i, k;

	(void)state;
	memset(&pool, 0, sizeof(pool));
	memset(&in, 0, sizeof(in));
	/* every string of 1 .. 12 letters over {a, b}: 8,190 strings */
	for (len = 1; len <= 12; len++) {
		for (i = 0; i < ((size_t)1 << len); i++) {
			for (k = 0; k < len; k++)
				text[k] = alphabet[(i >> k) & 1];
			assert_int_equal(vipcare__intern(&m, &pool, &in, text, len, &number), VIPCARE_OK);
			assert_int_equal(number, ++expected);
		}
	}
	assert_int_equal(in.count, 8190);
	assert_int_equal(in.short_count, 510);
	for (len = 1; len <= 12; len++) {
		for (i = 0; i < ((size_t)1 << len); i++) {
			uint32_t first = (uint32_t)((1u << len) - 2u + i + 1u);

			for (k = 0; k < len; k++)
				text[k] = alphabet[(i >> k) & 1];
			assert_int_equal(vipcare__intern(&m, &pool, &in, text, len, &number), VIPCARE_OK);
			assert_int_equal(number, first);
			assert_int_equal(vipcare__interned_find(&pool, &in, text, len), first);
			assert_memory_equal(vipcare__interned_str(&pool, &in, first), text, len);
		}
	}
	assert_int_equal(vipcare__interned_find(&pool, &in, "abc", 3), 0);
	assert_int_equal(vipcare__interned_find(&pool, &in, "aaaaaaaac", 9), 0);
	assert_int_equal(in.count, 8190);
	vipcare__interned_release(&m, &in);
	vipcare__pool_release(&m, &pool);
	assert_int_equal(m.used, 0);
}

static void test_arena_and_sums(void **state)
{
	struct vipcare__mem m = new_mem();
	struct vipcare__arena a;
	struct vipcare__sums sums;
	unsigned char *p[600], *big;
	size_t i;
	uint32_t k;

	(void)state;
	memset(&a, 0, sizeof(a));
	/* blocks are 16-byte aligned, distinct, and fill slabs one after the other */
	for (i = 0; i < 600; i++) {
		p[i] = vipcare__arena_alloc(&m, &a, 16 + 16 * (i % 300));
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)(i & 0xff), 16 + 16 * (i % 300));
	}
	for (i = 0; i < 600; i++)
		assert_int_equal(p[i][16 * (i % 300)], (unsigned char)(i & 0xff));
	assert_int_equal(a.slab_count, 2);
	/* a large block is the caller's to free */
	big = vipcare__arena_alloc(&m, &a, VIPCARE__ARENA_SMALL + 1);
	assert_non_null(big);
	assert_int_equal(a.slab_count, 2);
	vipcare__arena_free_large(&m, big, VIPCARE__ARENA_SMALL + 1);
	vipcare__arena_release(&m, &a);
	assert_int_equal(m.used, 0);

	memset(&sums, 0, sizeof(sums));
	for (k = 0; k < 1000; k++) {
		assert_int_equal(vipcare__sums_reserve(&m, &sums), VIPCARE_OK);
		vipcare__sums_add(&sums, k * 3, (int64_t)k - 500);
	}
	for (k = 0; k < 1000; k++) {
		assert_int_equal(vipcare__sums_reserve(&m, &sums), VIPCARE_OK);
		vipcare__sums_add(&sums, k * 3, 1000);
	}
	for (k = 0; k < 1000; k++) {
		assert_true(vipcare__sums_get(&sums, k * 3) == (int64_t)k + 500);
		assert_true(vipcare__sums_get(&sums, k * 3 + 1) == 0);
	}
	assert_int_equal(sums.count, 1000);
	vipcare__sums_release(&m, &sums);
	assert_int_equal(m.used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pool_exact_block_boundary),
		cmocka_unit_test(test_index_grows_and_finds_everything),
		cmocka_unit_test(test_index_insert_at_the_probed_slot),
		cmocka_unit_test(test_blocks_and_interning),
		cmocka_unit_test(test_interning_short_and_long),
		cmocka_unit_test(test_arena_and_sums),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
