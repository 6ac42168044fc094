/*
 * Baseline for docs/BENCHMARKS.md: libsodium's crypto_box afternm and beforenm timed in C, with
 * no JNA or JVM in between. Built and run by CryptoBenchmarks (mvn -Pbench). Prints one line per
 * measurement: "<operation> <bytes> <ops per second>", the best of the rounds (load from other
 * processes only slows a round down).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static volatile unsigned char sink;

/* Runs op in batches until `seconds` have passed; returns operations per second. */
#define TIMED(seconds, body)                                        \
    do {                                                            \
        double start_ = now(), elapsed_;                            \
        unsigned long long n_ = 0;                                  \
        do {                                                        \
            for (int b_ = 0; b_ < 64; b_++) {                       \
                body;                                               \
            }                                                       \
            n_ += 64;                                               \
            elapsed_ = now() - start_;                              \
        } while (elapsed_ < (seconds));                             \
        rate = n_ / elapsed_;                                       \
    } while (0)

static double best(const double *v, int n)
{
    double b = v[0];
    for (int i = 1; i < n; i++) {
        if (v[i] > b) {
            b = v[i];
        }
    }
    return b;
}

int main(int argc, char **argv)
{
    const double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    const int rounds = argc > 2 ? atoi(argv[2]) : 5;
    const size_t sizes[] = {100, 1024, 65536};
    unsigned char pk[crypto_box_PUBLICKEYBYTES], sk[crypto_box_SECRETKEYBYTES];
    unsigned char pk2[crypto_box_PUBLICKEYBYTES], sk2[crypto_box_SECRETKEYBYTES];
    unsigned char k[crypto_box_BEFORENMBYTES], nonce[crypto_box_NONCEBYTES];
    double rates[64];
    double rate;

    if (sodium_init() < 0) {
        return 1;
    }
    crypto_box_keypair(pk, sk);
    crypto_box_keypair(pk2, sk2);
    if (crypto_box_beforenm(k, pk2, sk) != 0) {
        return 1;
    }
    randombytes_buf(nonce, sizeof nonce);

    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t len = sizes[s];
        unsigned char *m = malloc(len), *c = malloc(len + crypto_box_MACBYTES), *m2 = malloc(len);
        randombytes_buf(m, len);
        for (int r = 0; r < rounds; r++) {
            TIMED(seconds, { crypto_box_easy_afternm(c, m, len, nonce, k); sink ^= c[0]; });
            rates[r] = rate;
        }
        printf("seal %zu %.1f\n", len, best(rates, rounds));
        crypto_box_easy_afternm(c, m, len, nonce, k);
        for (int r = 0; r < rounds; r++) {
            TIMED(seconds, { if (crypto_box_open_easy_afternm(m2, c, len + crypto_box_MACBYTES, nonce, k) != 0) abort(); sink ^= m2[0]; });
            rates[r] = rate;
        }
        printf("open %zu %.1f\n", len, best(rates, rounds));
        free(m);
        free(c);
        free(m2);
    }
    for (int r = 0; r < rounds; r++) {
        TIMED(seconds, { if (crypto_box_beforenm(k, pk2, sk) != 0) abort(); sink ^= k[0]; });
        rates[r] = rate;
    }
    printf("beforenm 32 %.1f\n", best(rates, rounds));
    fflush(stdout);
    return 0;
}
