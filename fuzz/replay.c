/*
 * libvipcare — VIP customer care for shopping malls.
 * SPDX-License-Identifier: MIT
 *
 * Corpus replay driver: the main() that turns a libFuzzer target into an
 * ordinary test, built with any compiler. Each argument is a file or a
 * directory (walked recursively); every file is read whole into a buffer of
 * exactly its size (so a sanitizer sees any read past the end) and passed
 * once to LLVMFuzzerTestOneInput(). A crash or a sanitizer report fails the
 * test; so does finding no input at all, since a replay of nothing proves
 * nothing.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Defined by the fuzz target (fuzz/fuzz-*.c). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#if defined(__GNUC__) || defined(__clang__)
/* Optional, as with libFuzzer: called once before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));
#define HAVE_WEAK_INITIALIZE 1
#endif

struct replay {
	size_t inputs;
	size_t errors;
};

static int read_whole(const char *path, uint8_t **out, size_t *out_size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t size = 0;
	size_t cap = 0;

	if (!f)
		return -1;
	for (;;) {
		if (size == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			uint8_t *n = realloc(buf, ncap);
			if (!n) {
				free(buf);
				fclose(f);
				errno = ENOMEM;
				return -1;
			}
			buf = n;
			cap = ncap;
		}
		size_t got = fread(buf + size, 1, cap - size, f);
		size += got;
		if (got == 0) {
			if (ferror(f)) {
				free(buf);
				fclose(f);
				return -1;
			}
			break;
		}
	}
	fclose(f);

	/* Hand the target a buffer of exactly the input's size. */
	uint8_t *exact = malloc(size ? size : 1);
	if (!exact) {
		free(buf);
		errno = ENOMEM;
		return -1;
	}
	if (size)
		memcpy(exact, buf, size);
	free(buf);
	*out = exact;
	*out_size = size;
	return 0;
}

static void replay_file(struct replay *r, const char *path)
{
	uint8_t *data = NULL;
	size_t size = 0;

	if (read_whole(path, &data, &size) < 0) {
		fprintf(stderr, "replay: cannot read %s: %s\n", path, strerror(errno));
		r->errors++;
		return;
	}
	/* Named before the call, so the last line before a crash tells which. */
	printf("replay: %s (%zu bytes)\n", path, size);
	fflush(stdout);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	r->inputs++;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_path(struct replay *r, const char *path);

static void replay_dir(struct replay *r, const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *ent;
	char **names = NULL;
	size_t count = 0;
	size_t cap = 0;

	if (!dir) {
		fprintf(stderr, "replay: cannot open directory %s: %s\n", path, strerror(errno));
		r->errors++;
		return;
	}
	while ((ent = readdir(dir)) != NULL) {
		if (ent->d_name[0] == '.')
			continue; /* ., .. and hidden files such as .gitkeep */
		if (count == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **n = realloc(names, ncap * sizeof(*n));
			if (!n)
				break;
			names = n;
			cap = ncap;
		}
		size_t len = strlen(path) + 1 + strlen(ent->d_name) + 1;
		char *full = malloc(len);
		if (!full)
			break;
		snprintf(full, len, "%s/%s", path, ent->d_name);
		names[count++] = full;
	}
	closedir(dir);

	/* A stable order makes two runs comparable. */
	if (count)
		qsort(names, count, sizeof(*names), compare_names);
	for (size_t i = 0; i < count; i++) {
		replay_path(r, names[i]);
		free(names[i]);
	}
	free(names);
}

static void replay_path(struct replay *r, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		r->errors++;
		return;
	}
	if (S_ISDIR(st.st_mode))
		replay_dir(r, path);
	else
		replay_file(r, path);
}

int main(int argc, char **argv)
{
	struct replay r = { 0, 0 };

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n"
			"Passes every file (directories are walked) once to the fuzz target.\n",
			argv[0]);
		return 2;
	}
#ifdef HAVE_WEAK_INITIALIZE
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
#endif
	for (int i = 1; i < argc; i++)
		replay_path(&r, argv[i]);

	printf("replayed %zu input(s), %zu unreadable\n", r.inputs, r.errors);
	if (r.errors)
		return 1;
	if (r.inputs == 0) {
		fprintf(stderr, "replay: no input found: an empty corpus tests nothing\n");
		return 1;
	}
	return 0;
}
