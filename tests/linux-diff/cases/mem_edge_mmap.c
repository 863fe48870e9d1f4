/* mmap with every edge length, MAP_FIXED / MAP_FIXED_NOREPLACE address,
 * hint, file offset, and pointer to the argument block (s390x passes the
 * six arguments in memory). Whatever maps is unmapped again. */
#include "edge.h"

static void drop(long r, unsigned long len)
{
	if (r >= 0 || r <= -4096)
		syscall(SYS_munmap, r, len);
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const long anon = MAP_PRIVATE | MAP_ANONYMOUS;
	const long rw = PROT_READ | PROT_WRITE;
	unsigned long valid = map_anon(PAGE, rw);
	unsigned long hole = free_range(4 * PAGE);
	for (int i = 0; i < EDGES; i++) {
		unsigned long len = edge_len(i);
		long r = mmap_raw(0, len, rw, anon, -1, 0);
		edge_tok_addr("mmap", "len", i, r, 0);
		drop(r, len);
		r = mmap_raw(0, len, PROT_NONE, anon | MAP_NORESERVE, -1, 0);
		edge_tok_addr("mmap_none", "len", i, r, 0);
		drop(r, len);
		/* A huge fixed mapping goes where nothing is (2^62), not over
		 * the stack. */
		unsigned long at = i == 5 ? 1UL << 62 : hole;
		r = mmap_raw(at, len, PROT_NONE, anon | MAP_FIXED | MAP_NORESERVE, -1, 0);
		edge_tok_addr("mmap_fixed", "len", i, r, at);
		drop(r, len);
	}
	for (int i = 0; i < EDGES; i++) {
		unsigned long at = edge_addr(i, hole);
		long r = mmap_raw(at, PAGE, rw, anon | MAP_FIXED, -1, 0);
		edge_tok_addr("mmap_fixed", "addr", i, r, at);
		drop(r, PAGE);
		r = mmap_raw(at, PAGE, rw, anon | MAP_FIXED_NOREPLACE, -1, 0);
		edge_tok_addr("mmap_noreplace", "addr", i, r, at);
		drop(r, PAGE);
		r = mmap_raw(at, 2 * PAGE, rw, anon | MAP_FIXED, -1, 0);
		edge_tok_addr("mmap_fixed2", "addr", i, r, at);
		drop(r, 2 * PAGE);
		/* A hint is only a hint: where it lands is not compared. */
		r = mmap_raw(at, PAGE, rw, anon, -1, 0);
		edge_tok_addr("mmap_hint", "addr", i, r, at & ~(PAGE - 1));
		drop(r, PAGE);
	}
	long fd = k_open("/init", O_RDONLY, 0);
	for (int i = 0; i < EDGES; i++) {
		unsigned long off = edge_len(i);
		long r = mmap_raw(0, PAGE, PROT_READ, MAP_PRIVATE, fd, (long)off);
		edge_tok_addr("mmap_file", "off", i, r, 0);
		drop(r, PAGE);
		r = mmap_raw(0, edge_len(i), PROT_READ, MAP_PRIVATE, fd, 0);
		edge_tok_addr("mmap_file", "len", i, r, 0);
		drop(r, edge_len(i));
	}
#if defined(__s390x__)
	/* The argument block itself, read from user memory. */
	long block[7] = { 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, 0 };
	for (int i = 0; i < EDGES; i++) {
		unsigned long at = edge_addr(i, (unsigned long)block);
		if (i == 4) {
			/* unaligned: a copy of the block one byte in */
			char *src = (char *)block, *dst = (char *)(valid + 1);
			for (unsigned j = 0; j < sizeof block - 8; j++)
				dst[j] = src[j];
			at = valid + 1;
		}
		long r = raw_syscall(SYS_mmap, (long)at, 0, 0, 0, 0, 0);
		edge_tok_addr("old_mmap", "block", i, r, 0);
		drop(r, PAGE);
	}
	/* A block whose last words are past the end of a mapping. */
	syscall(SYS_munmap, hole, 4 * PAGE);
	unsigned long two = map_anon(2 * PAGE, rw);
	syscall(SYS_munmap, two + PAGE, PAGE);
	long *tail = (long *)(two + PAGE - 3 * 8);
	tail[0] = 0;
	tail[1] = PAGE;
	tail[2] = PROT_READ;
	tok_raw("old_mmap.block.straddle", raw_syscall(SYS_mmap, (long)tail, 0, 0, 0, 0, 0));
#else
	(void)valid;
#endif
	return 0;
}
