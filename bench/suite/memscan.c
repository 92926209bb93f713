/*
 * memscan — the physical limit the benchmark suite measures the core job
 * against: how fast this machine reads a file's bytes that are already in
 * memory. Each file is mapped from the page cache and faulted in first
 * (not timed); then two passes are timed over every byte:
 *
 *   scan   folds every 8-byte word into one (XOR), a loop the compiler
 *          vectorises: the memory's read bandwidth, the floor of any
 *          reader;
 *   memchr finds each row's end with memchr, one call per row: the least
 *          a CSV reader does to split rows.
 *
 *   memscan [--runs N] FILE...
 *
 * Prints `scan SECONDS BYTES` and `memchr SECONDS BYTES LINES` (median
 * of the runs). Part of bench/suite/run.sh; not a test.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct mapped {
	const unsigned char *bytes;
	size_t size;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static uint64_t scan(const struct mapped *m)
{
	size_t i, words = m->size / 8;
	uint64_t x = 0, w;

	for (i = 0; i < words; i++) {
		memcpy(&w, m->bytes + i * 8, 8);
		x ^= w;
	}
	for (i = words * 8; i < m->size; i++)
		x ^= m->bytes[i];
	return x;
}

static size_t rows(const struct mapped *m)
{
	const unsigned char *p = m->bytes, *end = m->bytes + m->size;
	size_t n = 0;

	while (p < end) {
		const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl == NULL)
			break;
		n++;
		p = nl + 1;
	}
	return n;
}

int main(int argc, char **argv)
{
	struct mapped files[16];
	double scan_s[33], memchr_s[33];
	size_t nfiles = 0, bytes = 0, lines = 0, check = 0, f;
	uint64_t fold = 0, again;
	int runs = 5, i, r;

	for (i = 1; i < argc; i++) {
		struct stat st;
		void *p;
		int fd;

		if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
			runs = atoi(argv[++i]);
			continue;
		}
		if (nfiles == sizeof(files) / sizeof(files[0])) {
			fprintf(stderr, "memscan: at most 16 files\n");
			return 1;
		}
		fd = open(argv[i], O_RDONLY);
		if (fd < 0 || fstat(fd, &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		p = st.st_size ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : NULL;
		if (p == MAP_FAILED) {
			perror(argv[i]);
			return 1;
		}
		close(fd);
		files[nfiles].bytes = p;
		files[nfiles].size = (size_t)st.st_size;
		bytes += (size_t)st.st_size;
		nfiles++;
	}
	if (nfiles == 0 || runs < 1 || runs > 33) {
		fprintf(stderr, "usage: memscan [--runs 1..33] FILE...\n");
		return 1;
	}
	for (f = 0; f < nfiles; f++) { /* fault every page in, untimed */
		fold ^= scan(&files[f]);
		lines += rows(&files[f]);
	}
	for (r = 0; r < runs; r++) {
		double t0 = now();

		again = 0;
		for (f = 0; f < nfiles; f++)
			again ^= scan(&files[f]);
		scan_s[r] = now() - t0;
		if (again != fold)
			return 2;
		t0 = now();
		check = 0;
		for (f = 0; f < nfiles; f++)
			check += rows(&files[f]);
		memchr_s[r] = now() - t0;
		if (check != lines)
			return 2;
	}
	qsort(scan_s, (size_t)runs, sizeof(double), cmp_double);
	qsort(memchr_s, (size_t)runs, sizeof(double), cmp_double);
	printf("scan %.4f %zu\n", scan_s[runs / 2], bytes);
	printf("memchr %.4f %zu %zu\n", memchr_s[runs / 2], bytes, lines);
	return 0;
}
