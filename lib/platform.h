/*
 * libvipcare — the few operating system calls that durability needs:
 * files read and written at an offset, flushed to the disk, renamed and
 * removed, folders created and flushed, a lock, a clock. This header is
 * the only door to them: lib/platform-posix.c implements it with POSIX
 * calls, lib/platform-win32.c with the Windows API, and no other source
 * file of the library calls the operating system for files.
 * Nothing here is part of the ABI.
 * SPDX-License-Identifier: MIT
 */
#ifndef VIPCARE_PLATFORM_H
#define VIPCARE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/*
 * An open file. @handle is a file descriptor (POSIX) or a HANDLE
 * (Windows); @path is borrowed from the caller for messages and must
 * outlive the open file.
 */
struct vipcare__file {
	intptr_t handle;
	const char *path;
	int is_open;
};

/* How a file is opened. */
#define VIPCARE__OPEN_READ 0   /* read an existing file */
#define VIPCARE__OPEN_CREATE 1 /* write a new file, replacing any file of that name */
#define VIPCARE__OPEN_WRITE 2  /* write an existing file, keeping its bytes */
#define VIPCARE__OPEN_LOCK 3   /* create if absent and hold an exclusive lock on it */

/*
 * Every function that can fail returns VIPCARE_OK or VIPCARE_E_IO with a
 * message naming the file and the system's reason written to @msg
 * (VIPCARE__MSG_SIZE bytes). VIPCARE__OPEN_LOCK on a file another open
 * file holds gives VIPCARE_E_IO with "in use" in the message.
 */
int vipcare__file_open(struct vipcare__file *f, const char *path, int how, char *msg);
/* Whether @path exists: *exists 1 or 0; VIPCARE_E_IO when that cannot be told. */
int vipcare__path_exists(const char *path, int *exists, char *msg);
int vipcare__file_size(struct vipcare__file *f, uint64_t *size, char *msg);
/* Reads up to @n bytes at @offset; *got < @n only at the end of the file. */
int vipcare__file_read_at(struct vipcare__file *f, uint64_t offset, void *buf, size_t n,
			  size_t *got, char *msg);
/* Writes all @n bytes at @offset, or fails (part of them may be written). */
int vipcare__file_write_at(struct vipcare__file *f, uint64_t offset, const void *buf, size_t n,
			   char *msg);
/* Flushes the file's bytes and size to the disk (fdatasync, FlushFileBuffers). */
int vipcare__file_sync(struct vipcare__file *f, char *msg);
int vipcare__file_truncate(struct vipcare__file *f, uint64_t size, char *msg);
/* Closes the file (and releases its lock); a closed file is left alone. */
void vipcare__file_close(struct vipcare__file *f);

/* Renames @from to @to, replacing @to; durable once the folder is flushed. */
int vipcare__path_rename(const char *from, const char *to, char *msg);
/* Removes a file; a file that does not exist is not an error. */
int vipcare__path_remove(const char *path, char *msg);
/*
 * Flushes the folder that holds @path (its names, after a rename or a
 * creation) to the disk. On Windows renames are written through instead
 * and this does nothing.
 */
int vipcare__path_sync_folder(const char *path, char *msg);
/* Creates folder @path unless it exists, and flushes its parent. */
int vipcare__folder_create(const char *path, char *msg);

/*
 * Asks the system to back the whole 2 MiB pages inside a block of @size
 * bytes at @p with huge pages (Linux's transparent huge pages, where they
 * are enabled "always" or "madvise"): the engine's large arrays are read
 * at random, and one TLB entry then covers 2 MiB instead of 4 KiB. Nothing
 * on other systems, and nothing when the system says no.
 */
void vipcare__memory_advise_large(void *p, size_t size);

/* Milliseconds of a monotonic clock. */
uint64_t vipcare__clock_ms(void);
/* 64 bits that differ between calls and processes (not for secrets). */
uint64_t vipcare__unique64(void);

#endif /* VIPCARE_PLATFORM_H */
