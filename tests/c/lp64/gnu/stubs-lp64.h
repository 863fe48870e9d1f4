/*
 * The freestanding programs (nolibc.h) are built for riscv64 with
 * -mabi=lp64 (no floating-point registers) and take only types and
 * constants from glibc's headers, which are the same for every float ABI.
 * Those headers include the list of functions glibc lacks for the ABI in
 * use, and Debian ships only lp64d's. A program that links no glibc calls
 * none of them: this list is empty.
 */
