/* read, write, readv, writev, pread64, lseek with every edge buffer
 * address, length, offset and iovec count, on a non-blocking pipe (the
 * mapping after the one-page buffer is a hole) and on a regular file. */
#include "edge.h"

static int p[2];

/* Empties the pipe, and says how much it held. */
static long drain(void)
{
	static char sink[65536];
	long n = raw_syscall(SYS_read, p[0], (long)sink, sizeof sink, 0, 0, 0);
	return n < 0 ? 0 : n;
}

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	syscall(SYS_pipe2, p, O_NONBLOCK);
	unsigned long two = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	syscall(SYS_munmap, two + PAGE, PAGE);
	unsigned long buf = two;
	for (int i = 0; i < EDGES; i++) {
		unsigned long a = edge_addr(i, buf);
		edge_tok("write", "buf", i, raw_syscall(SYS_write, p[1], (long)a, 16, 0, 0, 0));
		tok("drained", drain());
		edge_tok("write", "len", i, raw_syscall(SYS_write, p[1], (long)buf, (long)edge_len(i), 0, 0, 0));
		tok("drained", drain());
		edge_tok("write_unal", "len", i,
			 raw_syscall(SYS_write, p[1], (long)buf + 1, (long)edge_len(i), 0, 0, 0));
		tok("drained", drain());
		raw_syscall(SYS_write, p[1], (long)buf, 64, 0, 0, 0);
		edge_tok("read", "buf", i, raw_syscall(SYS_read, p[0], (long)a, 16, 0, 0, 0));
		tok("drained", drain());
		raw_syscall(SYS_write, p[1], (long)buf, PAGE, 0, 0, 0);
		raw_syscall(SYS_write, p[1], (long)buf, PAGE, 0, 0, 0);
		edge_tok("read", "len", i, raw_syscall(SYS_read, p[0], (long)buf, (long)edge_len(i), 0, 0, 0));
		tok("drained", drain());
		raw_syscall(SYS_write, p[1], (long)buf, PAGE, 0, 0, 0);
		raw_syscall(SYS_write, p[1], (long)buf, PAGE, 0, 0, 0);
		edge_tok("read_unal", "len", i,
			 raw_syscall(SYS_read, p[0], (long)buf + 1, (long)edge_len(i), 0, 0, 0));
		tok("drained", drain());
	}
	/* iovecs: the array's address, the count, one segment's length, a
	 * total that wraps. */
	unsigned long *iov = (unsigned long *)(buf + PAGE - 64);
	for (int i = 0; i < EDGES; i++) {
		iov[0] = buf;
		iov[1] = 8;
		iov[2] = buf;
		iov[3] = 8;
		unsigned long a = edge_addr(i, (unsigned long)iov);
		edge_tok("writev", "iov", i, raw_syscall(SYS_writev, p[1], (long)a, 1, 0, 0, 0));
		tok("drained", drain());
		edge_tok("writev", "count", i, raw_syscall(SYS_writev, p[1], (long)iov, (long)edge_len(i), 0, 0, 0));
		tok("drained", drain());
		iov[1] = edge_len(i);
		edge_tok("writev", "iov_len", i, raw_syscall(SYS_writev, p[1], (long)iov, 2, 0, 0, 0));
		tok("drained", drain());
		iov[0] = edge_addr(i, buf);
		iov[1] = 8;
		edge_tok("writev", "iov_base", i, raw_syscall(SYS_writev, p[1], (long)iov, 2, 0, 0, 0));
		tok("drained", drain());
		iov[1] = ~0UL / 2;
		iov[3] = edge_len(i);
		iov[0] = buf;
		edge_tok("writev_sum", "iov_len", i, raw_syscall(SYS_writev, p[1], (long)iov, 2, 0, 0, 0));
		tok("drained", drain());
		raw_syscall(SYS_write, p[1], (long)buf, 64, 0, 0, 0);
		iov[0] = buf;
		iov[1] = edge_len(i);
		edge_tok("readv", "iov_len", i, raw_syscall(SYS_readv, p[0], (long)iov, 1, 0, 0, 0));
		tok("drained", drain());
		raw_syscall(SYS_write, p[1], (long)buf, 64, 0, 0, 0);
		edge_tok("readv", "count", i, raw_syscall(SYS_readv, p[0], (long)iov, (long)edge_len(i), 0, 0, 0));
		tok("drained", drain());
	}
	/* A regular file: pread64's offset, length and buffer; lseek. */
	long fd = k_open("/init", O_RDONLY, 0);
	for (int i = 0; i < EDGES; i++) {
		unsigned long a = edge_addr(i, buf);
		edge_tok("pread64", "buf", i, raw_syscall(SYS_pread64, fd, (long)a, 16, 0, 0, 0));
		edge_tok("pread64", "off", i, raw_syscall(SYS_pread64, fd, (long)buf, 16, (long)edge_len(i), 0, 0));
		long r = raw_syscall(SYS_pread64, fd, (long)buf, (long)edge_len(i), 0, 0, 0);
		edge_tok("pread64", "len_ok", i, r < 0 ? r : r >= 16 ? 16 : r);
		r = raw_syscall(SYS_pread64, fd, (long)buf, (long)edge_len(i), (long)edge_len(i), 0, 0);
		edge_tok("pread64", "len_off", i, r < 0 ? r : r >= 16 ? 16 : r);
		r = raw_syscall(SYS_read, fd, (long)buf, (long)edge_len(i), 0, 0, 0);
		edge_tok("read_file", "len", i, r < 0 ? r : r >= 16 ? 16 : r);
		for (int w = 0; w < 3; w++) {
			raw_syscall(SYS_lseek, fd, 16, 0, 0, 0, 0);
			char key[32];
			snprintf(key, sizeof key, "lseek%d", w);
			r = raw_syscall(SYS_lseek, fd, (long)edge_len(i), w, 0, 0, 0);
			/* SEEK_END answers depend on the file's size. */
			edge_tok(key, "off", i, (w == 2 && r >= 0) ? 1 : r);
		}
		raw_syscall(SYS_lseek, fd, 0, 0, 0, 0, 0);
	}
	return 0;
}
