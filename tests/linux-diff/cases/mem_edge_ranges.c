/* munmap, mprotect, mremap and brk with every edge address and length. */
#include "edge.h"

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	const long rw = PROT_READ | PROT_WRITE;
	for (int i = 0; i < EDGES; i++) {
		unsigned long m = map_anon(2 * PAGE, rw);
		unsigned long at = edge_addr(i, m);
		edge_tok("mprotect", "addr", i, raw_syscall(SYS_mprotect, (long)at, PAGE, PROT_READ, 0, 0, 0));
		edge_tok("mprotect", "len", i,
			 raw_syscall(SYS_mprotect, (long)m, (long)edge_len(i), PROT_READ, 0, 0, 0));
		edge_tok("mprotect_grows", "len", i,
			 raw_syscall(SYS_mprotect, (long)m, (long)edge_len(i),
				     PROT_READ | PROT_GROWSDOWN, 0, 0, 0));
		/* A huge length from 2^62, where nothing is, not over the stack. */
		unsigned long from = i == 5 ? 1UL << 62 : m;
		edge_tok("munmap", "len", i, raw_syscall(SYS_munmap, (long)from, (long)edge_len(i), 0, 0, 0, 0));
		syscall(SYS_munmap, m, 2 * PAGE);
		edge_tok("munmap", "addr", i, raw_syscall(SYS_munmap, (long)at, PAGE, 0, 0, 0, 0));
	}
	for (int i = 0; i < EDGES; i++) {
		unsigned long m = map_anon(PAGE, rw);
		unsigned long at = edge_addr(i, m);
		edge_tok_addr("mremap", "addr", i, mremap_raw(at, PAGE, PAGE, MREMAP_MAYMOVE, 0), at);
		/* A huge old length from 2^62, where nothing is: from m it
		 * would unmap the stack. */
		unsigned long from = i == 5 ? 1UL << 62 : m;
		edge_tok_addr("mremap", "old_len", i, mremap_raw(from, edge_len(i), PAGE, 0, 0), from);
		edge_tok_addr("mremap", "new_len", i, mremap_raw(m, PAGE, edge_len(i), 0, 0), m);
		long r = mremap_raw(m, PAGE, edge_len(i), MREMAP_MAYMOVE, 0);
		edge_tok_addr("mremap_move", "new_len", i, r, m);
		if (r >= 0 || r <= -4096)
			m = (unsigned long)r;
		syscall(SYS_munmap, m, PAGE);
		m = map_anon(PAGE, rw);
		at = edge_addr(i, free_range(PAGE));
		r = mremap_raw(m, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, at);
		edge_tok_addr("mremap_fixed", "new_addr", i, r, at);
		syscall(SYS_munmap, (r >= 0 || r <= -4096) ? (unsigned long)r : m, PAGE);
	}
	unsigned long cur = syscall(SYS_brk, 0);
	for (int i = 0; i < EDGES; i++) {
		unsigned long v = edge_addr(i, cur);
		char key[32];
		snprintf(key, sizeof key, "brk.%s", edge_names[i]);
		tok_rel(key, "cur", cur, raw_syscall(SYS_brk, (long)v, 0, 0, 0, 0, 0));
		syscall(SYS_brk, cur);
	}
	return 0;
}
