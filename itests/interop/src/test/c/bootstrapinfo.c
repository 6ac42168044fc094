/*
 * bootstrapinfo: asks a Tox bootstrap node for its version and message of the day, with the
 * request tox-bootstrapd answers (kind 0xf0, 78 bytes in all; only the length and the first byte
 * matter to it), and prints what came back. No c-toxcore code; the layout is the spec's.
 *
 *   bootstrapinfo HOST PORT [TIMEOUT_MS] [REQUEST_LENGTH]
 *
 * Prints one line and exits 0:
 *   reply from=HOST:PORT length=N version=V motd_length=M nul=0|1 motd=PERCENT hex=HEX
 * or prints "timeout" and exits 1 (usage or socket errors: exit 2).
 */
#define _POSIX_C_SOURCE 200809L
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bootstrapinfo HOST PORT [TIMEOUT_MS] [REQUEST_LENGTH]\n");
        return 2;
    }
    long timeout = argc > 3 ? atol(argv[3]) : 5000;
    int reqlen = argc > 4 ? atoi(argv[4]) : 78;
    if (reqlen < 1 || reqlen > 1024) {
        fprintf(stderr, "request length out of range\n");
        return 2;
    }
    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    int rc = getaddrinfo(argv[1], argv[2], &hints, &ai);
    if (rc != 0) {
        fprintf(stderr, "getaddrinfo: %s\n", gai_strerror(rc));
        return 2;
    }
    int fd = socket(ai->ai_family, SOCK_DGRAM, 0);
    if (fd < 0) {
        perror("socket");
        return 2;
    }
    unsigned char req[1024] = {0};
    req[0] = 0xf0;
    if (sendto(fd, req, (size_t)reqlen, 0, ai->ai_addr, ai->ai_addrlen) != reqlen) {
        perror("sendto");
        return 2;
    }
    long deadline = now_ms() + timeout;
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0) {
            printf("timeout\n");
            return 1;
        }
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, (int)left) <= 0) {
            continue;
        }
        unsigned char buf[2048];
        struct sockaddr_storage from;
        socklen_t fromlen = sizeof from;
        ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
        if (n < 0) {
            continue;
        }
        char host[1025], serv[32];
        if (getnameinfo((struct sockaddr *)&from, fromlen, host, sizeof host, serv, sizeof serv,
                        NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
            strcpy(host, "?");
            strcpy(serv, "?");
        }
        printf("reply from=%s:%s length=%zd", host, serv, n);
        if (n >= 5 && buf[0] == 0xf0) {
            unsigned long version = ((unsigned long)buf[1] << 24) | ((unsigned long)buf[2] << 16)
                                    | ((unsigned long)buf[3] << 8) | buf[4];
            ssize_t m = n - 5;
            int nul = m > 0 && buf[n - 1] == 0;
            printf(" version=%lu motd_length=%zd nul=%d motd=", version, m, nul);
            for (ssize_t i = 5; i < n - (nul ? 1 : 0); ++i) {
                unsigned char c = buf[i];
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                        || c == '.' || c == '_' || c == '~') {
                    putchar(c);
                } else {
                    printf("%%%02X", c);
                }
            }
        }
        printf(" hex=");
        for (ssize_t i = 0; i < n; ++i) {
            printf("%02x", buf[i]);
        }
        printf("\n");
        return 0;
    }
}
