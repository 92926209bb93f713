/*
 * libvipcare — platform.h on POSIX systems (Linux, the BSDs, macOS).
 *
 * Flushing: fdatasync() writes a file's bytes and the size needed to read
 * them back (macOS: fcntl(F_FULLFSYNC), since its fsync() stops at the
 * drive's cache); a rename or a new file is durable only once its folder
 * is flushed too, so the folder is opened and fsync()ed. Files are opened
 * with O_CLOEXEC so that a child process never inherits a journal. The
 * lock is flock(): it belongs to the open file, so a second engine of the
 * same process is refused too, and the system drops it when the process
 * dies, even by SIGKILL.
 * SPDX-License-Identifier: MIT
 */
#ifndef _WIN32

#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1
#define _DARWIN_C_SOURCE 1
/* 64-bit offsets on 32-bit systems too, whatever the build system vendoring this file says */
#ifndef _FILE_OFFSET_BITS
#define _FILE_OFFSET_BITS 64
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "platform.h"

#define PATH_BYTES 4096

/* The system's reason, in words that do not depend on the C library's locale. */
static const char *reason(int err, char *buf, size_t size)
{
	switch (err) {
	case ENOSPC: return "no space left on the device";
#ifdef EDQUOT
	case EDQUOT: return "the disk quota is exhausted";
#endif
	case EFBIG: return "the file would exceed the size limit";
	case EIO: return "input/output error of the device";
	case EACCES: return "permission denied";
	case EPERM: return "operation not permitted";
	case ENOENT: return "no such file or folder";
	case ENOTDIR: return "a part of the path is not a folder";
	case EISDIR: return "is a folder";
	case EROFS: return "the file system is read-only";
	case EEXIST: return "already exists";
	case EMFILE: return "too many open files in the process";
	case ENFILE: return "too many open files in the system";
	case ENAMETOOLONG: return "the name is too long";
	case EWOULDBLOCK: return "in use by another engine (locked)";
	case EINVAL: return "invalid argument";
	default:
		snprintf(buf, size, "system error %d", err);
		return buf;
	}
}

static int fail_errno(char *msg, int err, const char *what, const char *path)
{
	char buf[32];

	return vipcare__fail(msg, VIPCARE_E_IO, "cannot %s %s: %s", what, path,
			     reason(err, buf, sizeof(buf)));
}

int vipcare__file_open(struct vipcare__file *f, const char *path, int how, char *msg)
{
	int flags, fd;

	f->is_open = 0;
	f->handle = -1;
	f->path = path;
	switch (how) {
	case VIPCARE__OPEN_READ: flags = O_RDONLY; break;
	case VIPCARE__OPEN_CREATE: flags = O_WRONLY | O_CREAT | O_TRUNC; break;
	case VIPCARE__OPEN_WRITE: flags = O_WRONLY; break;
	default: flags = O_RDWR | O_CREAT; break;
	}
	do
		fd = open(path, flags | O_CLOEXEC, 0666);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return fail_errno(msg, errno, how == VIPCARE__OPEN_READ ? "read" : "write", path);
	if (how == VIPCARE__OPEN_LOCK) {
		int rc;

		do
			rc = flock(fd, LOCK_EX | LOCK_NB);
		while (rc != 0 && errno == EINTR);
		if (rc != 0) {
			int err = errno;

			close(fd);
			if (err == EWOULDBLOCK)
				return vipcare__fail(msg, VIPCARE_E_IO,
						     "the state folder is in use by another engine (%s is locked)",
						     path);
			return fail_errno(msg, err, "lock", path);
		}
	}
	f->handle = fd;
	f->is_open = 1;
	return VIPCARE_OK;
}

int vipcare__path_exists(const char *path, int *exists, char *msg)
{
	struct stat st;

	if (stat(path, &st) == 0) {
		*exists = 1;
		return VIPCARE_OK;
	}
	if (errno == ENOENT) {
		*exists = 0;
		return VIPCARE_OK;
	}
	return fail_errno(msg, errno, "look for", path);
}

int vipcare__file_size(struct vipcare__file *f, uint64_t *size, char *msg)
{
	struct stat st;

	if (fstat((int)f->handle, &st) != 0)
		return fail_errno(msg, errno, "measure", f->path);
	*size = (uint64_t)st.st_size;
	return VIPCARE_OK;
}

int vipcare__file_read_at(struct vipcare__file *f, uint64_t offset, void *buf, size_t n,
			  size_t *got, char *msg)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pread((int)f->handle, (char *)buf + done, n - done,
				  (off_t)(offset + done));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno(msg, errno, "read", f->path);
		}
		if (r == 0)
			break;
		done += (size_t)r;
	}
	*got = done;
	return VIPCARE_OK;
}

int vipcare__file_write_at(struct vipcare__file *f, uint64_t offset, const void *buf, size_t n,
			   char *msg)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = pwrite((int)f->handle, (const char *)buf + done, n - done,
				   (off_t)(offset + done));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno(msg, errno, "write", f->path);
		}
		if (r == 0)
			return fail_errno(msg, ENOSPC, "write", f->path);
		done += (size_t)r;
	}
	return VIPCARE_OK;
}

int vipcare__file_sync(struct vipcare__file *f, char *msg)
{
	int rc;

#if defined(__APPLE__) && defined(F_FULLFSYNC)
	rc = fcntl((int)f->handle, F_FULLFSYNC);
	if (rc != 0)
		rc = fsync((int)f->handle);
#else
	do
		rc = fdatasync((int)f->handle);
	while (rc != 0 && errno == EINTR);
#endif
	if (rc != 0)
		return fail_errno(msg, errno, "flush to disk", f->path);
	return VIPCARE_OK;
}

int vipcare__file_truncate(struct vipcare__file *f, uint64_t size, char *msg)
{
	int rc;

	do
		rc = ftruncate((int)f->handle, (off_t)size);
	while (rc != 0 && errno == EINTR);
	if (rc != 0)
		return fail_errno(msg, errno, "truncate", f->path);
	return VIPCARE_OK;
}

void vipcare__file_close(struct vipcare__file *f)
{
	if (!f->is_open)
		return;
	close((int)f->handle);
	f->is_open = 0;
	f->handle = -1;
}

int vipcare__path_rename(const char *from, const char *to, char *msg)
{
	char buf[32];

	if (rename(from, to) != 0)
		return vipcare__fail(msg, VIPCARE_E_IO, "cannot rename %s to %s: %s", from, to,
				     reason(errno, buf, sizeof(buf)));
	return VIPCARE_OK;
}

int vipcare__path_remove(const char *path, char *msg)
{
	if (unlink(path) != 0 && errno != ENOENT)
		return fail_errno(msg, errno, "remove", path);
	return VIPCARE_OK;
}

/* The folder that holds @path, into @out (PATH_BYTES). */
static int parent_of(const char *path, char *out, char *msg)
{
	size_t len = strlen(path);

	if (len >= PATH_BYTES)
		return vipcare__fail(msg, VIPCARE_E_IO, "the path %.64s... is too long", path);
	memcpy(out, path, len + 1);
	while (len > 1 && out[len - 1] == '/')
		out[--len] = '\0';
	while (len > 0 && out[len - 1] != '/')
		len--;
	if (len == 0) {
		strcpy(out, ".");
		return VIPCARE_OK;
	}
	while (len > 1 && out[len - 1] == '/')
		len--;
	out[len] = '\0';
	return VIPCARE_OK;
}

static int sync_folder(const char *folder, char *msg)
{
	int fd, rc;
#ifdef O_DIRECTORY
	int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
#else
	int flags = O_RDONLY | O_CLOEXEC;
#endif

	do
		fd = open(folder, flags);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return fail_errno(msg, errno, "open folder", folder);
	do
		rc = fsync(fd);
	while (rc != 0 && errno == EINTR);
	/* some file systems cannot flush a folder; they say so with EINVAL */
	if (rc != 0 && errno != EINVAL && errno != EROFS) {
		int err = errno;

		close(fd);
		return fail_errno(msg, err, "flush folder", folder);
	}
	close(fd);
	return VIPCARE_OK;
}

int vipcare__path_sync_folder(const char *path, char *msg)
{
	char parent[PATH_BYTES];
	int rc = parent_of(path, parent, msg);

	return rc != VIPCARE_OK ? rc : sync_folder(parent, msg);
}

int vipcare__folder_create(const char *path, char *msg)
{
	struct stat st;

	if (mkdir(path, 0777) == 0)
		return vipcare__path_sync_folder(path, msg);
	if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return VIPCARE_OK;
	if (errno == EEXIST)
		return vipcare__fail(msg, VIPCARE_E_IO, "cannot use %s as the state folder: it is not a folder",
				     path);
	return fail_errno(msg, errno, "create folder", path);
}

uint64_t vipcare__clock_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

void vipcare__memory_advise_large(void *p, size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
	const uintptr_t huge = (uintptr_t)2 << 20;
	uintptr_t start = ((uintptr_t)p + huge - 1) & ~(huge - 1);
	uintptr_t end = ((uintptr_t)p + size) & ~(huge - 1);

	/* advice only: a refusal (THP "never", an old kernel) changes nothing */
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)size;
#endif
}

uint64_t vipcare__unique64(void)
{
	struct timespec ts;
	uint64_t z = 0;
	int fd;

	/* the system's random bytes; the clock and the process when there are none */
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, &z, sizeof(z)) != (ssize_t)sizeof(z))
			z = 0;
		close(fd);
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	z ^= (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
	z ^= (uint64_t)getpid() << 32;
	z ^= (uint64_t)(uintptr_t)&ts;
	/* splitmix64's finaliser spreads every input bit */
	z += 0x9e3779b97f4a7c15u;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

#else
/* ISO C wants a declaration in every translation unit. */
typedef int vipcare__platform_posix_unused;
#endif /* _WIN32 */
