/*
 * Linux's s390x rt signal frame as a handler sees it through its third
 * argument: struct ucontext_extended (asm/ucontext.h, asm/sigcontext.h),
 * which glibc's ucontext_t covers only up to uc_sigmask. The vector
 * extension follows glibc's 1024-bit sigset_t, at byte 512.
 */
#ifndef S390X_FRAME_H
#define S390X_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>
#include <sys/auxv.h>

#define UC_VXRS 2		/* uc_mcontext_ext holds the vector registers */
#ifndef HWCAP_S390_VXRS
#define HWCAP_S390_VXRS (1UL << 11)	/* glibc's bits/hwcap.h has it too */
#endif

struct frame_sigregs {
	uint64_t psw_mask, psw_addr;
	uint64_t gprs[16];
	uint32_t acrs[16];
	uint32_t fpc, pad;
	uint64_t fprs[16];
};

struct frame_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	uint64_t uc_stack[3];
	struct frame_sigregs mc;
	uint8_t sigmask[128];
	/* _sigregs_ext: present only with UC_VXRS */
	uint64_t vxrs_low[16];		/* bits 64-127 of v0-v15 */
	uint64_t vxrs_high[16][2];	/* v16-v31 */
	uint8_t reserved[128];
};

_Static_assert(offsetof(struct frame_ucontext, mc) == 40, "uc_mcontext");
_Static_assert(offsetof(struct frame_ucontext, mc.acrs) == 40 + 144, "acrs");
_Static_assert(offsetof(struct frame_ucontext, mc.fpc) == 40 + 208, "fpc");
_Static_assert(offsetof(struct frame_ucontext, mc.fprs) == 40 + 216, "fprs");
_Static_assert(offsetof(struct frame_ucontext, vxrs_low) == 512, "vxrs_low");
_Static_assert(offsetof(struct frame_ucontext, vxrs_high) == 640, "vxrs_high");
_Static_assert(sizeof(struct frame_ucontext) == 1024, "ucontext_extended");
/* glibc agrees on the part it knows. */
_Static_assert(offsetof(ucontext_t, uc_mcontext.fpregs.fpc) == 40 + 208, "glibc fpc");
_Static_assert(sizeof(ucontext_t) == 512, "glibc ucontext_t");

static inline int have_vector(void)
{
	return (getauxval(AT_HWCAP) & HWCAP_S390_VXRS) != 0;
}

#endif
