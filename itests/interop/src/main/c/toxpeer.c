/*
 * toxpeer: a scriptable c-toxcore peer for Parley's interop tests.
 *
 * One process is one Tox instance. It reads commands from stdin, one per line, and writes one line
 * per reply or event to stdout, flushed at once. Diagnostics and c-toxcore's own log go to stderr.
 * Builds against c-toxcore 0.2.18 (no NGC groups) and 0.2.20 (with NGC groups).
 *
 * Start options
 *   --port N            first UDP port to try (0 or absent: c-toxcore's default range)
 *   --port-end N        last UDP port to try (default: same as --port)
 *   --no-udp            TCP only (needs add_tcp_relay)
 *   --ipv4-only         no IPv6 socket
 *   --load FILE         start from this savedata (tox_get_savedata output)
 *   --pass PASSPHRASE   the savedata is encrypted with toxencryptsave and this passphrase
 *   --tcp-port N        also run a TCP relay on this port
 *   --proxy socks5|http HOST PORT
 *   --recv-dir DIR      accept incoming data files into DIR (otherwise they are only reported)
 *   --log-level L       c-toxcore log lines to stderr from L on: trace|debug|info|warning|error
 *                       (default info)
 *   --max-sleep-ms N    sleep at most N ms between iterations (default: tox_iteration_interval,
 *                       as clients do; benchmarks also measure c-toxcore with 1)
 *   --lan               LAN discovery on (only for tests that run the peer in a network
 *                       namespace of their own)
 *   --echo PREFIX REPLY a normal message whose text starts with PREFIX is answered at once, from
 *                       the message callback as a bot would, with REPLY and the rest of the text
 *                       (benchmarks: a round trip without the harness's pipes in it); an
 *                       "echo friend=N message_id=M" line follows the friend_message line
 * LAN discovery is off unless --lan is given; hole punching is always on.
 *
 * Output lines
 *   <ms> <word> key=value key=value ...
 * <ms> is CLOCK_MONOTONIC in milliseconds with three decimals (microseconds), comparable between
 * processes on one machine and with Java's System.nanoTime() on Linux; the fraction matters to
 * benchmarks, where whole milliseconds would make every time up to 1 ms early. Keys and values
 * never contain spaces:
 *   numbers in decimal; public keys, addresses, ids and cookies in upper-case hex; enum values as
 *   lower-case words; text (names, messages, paths) percent-encoded: every byte other than
 *   A-Z a-z 0-9 - . _ ~ is written as %XX (so an empty text is "key=").
 *
 * Input lines
 *   <command> <arguments...>
 * Arguments are separated by one space. A TEXT argument is always the last one and takes the rest
 * of the line; TEXT, HOST, FILE and PATH arguments are percent-decoded (%XX; a '%' not followed by
 * two hex digits stays as it is), so plain text without '%' can be typed as it is.
 *
 * Every command gets exactly one reply, in order:  <ms> ok <command> [key=value...]
 *                                            or:  <ms> error <command> reason=<word> [code=N]
 * code is the value of the c-toxcore error enum of the failing call. Commands that list things
 * write their lines first and the ok line last.
 *
 * Commands
 *   id                          ok id address=HEX76
 *   dhtkey                      ok dhtkey dhtkey=HEX64
 *   port                        ok port udp_port=N tcp_port=N
 *   info                        ok info address= public_key= dhtkey= name= status_message= status=
 *                                  nospam=HEX8 udp_port= connection=
 *   bootstrap HOST PORT DHTKEY  ok bootstrap
 *   add_tcp_relay HOST PORT DHTKEY
 *   add TOXID TEXT              ok add friend=N         (friend request with TEXT)
 *   add_norequest PUBKEY        ok add_norequest friend=N
 *   accept PUBKEY               ok accept friend=N      (same call, after a friend_request)
 *   delete_friend N
 *   send N TEXT                 ok send friend=N message_id=M
 *   action N TEXT               ok action friend=N message_id=M
 *   typing N 0|1
 *   name TEXT | status_message TEXT | status online|away|busy
 *   nospam HEX8                 ok nospam address=HEX76
 *   friends                     friend friend=N public_key= name= status_message= status=
 *                                  connection=   (one per friend), then ok friends count=N
 *   save FILE [PASSPHRASE]      ok save path= size=N encrypted=0|1
 *   file_send N PATH            ok file_send friend=N file=M size=S
 *   conf_new                    ok conf_new conference=N
 *   conf_invite CONF FRIEND
 *   conf_send CONF TEXT         (conf_action CONF TEXT for an action)
 *   conf_peers CONF             ok conf_peers conference=N count=C
 *   group_new NAME              ok group_new group=N chat_id=HEX64     (0.2.20; 0.2.18: error
 *   group_invite GROUP FRIEND                                           reason=unsupported)
 *   group_send GROUP TEXT       ok group_send group=N message_id=M
 *   ping [TEXT]                 ok ping text=TEXT      (a barrier: all earlier lines are out)
 *   quit                        ok quit, then the process ends
 * End of input ends the process as quit does.
 *
 * Events
 *   ready address= public_key= dhtkey= udp_port= tcp_port= version=0.2.x ngc=0|1   (once, first)
 *   fatal reason=WORD [code=N]           (start failed; the process exits with status 1)
 *   self_connection status=none|tcp|udp
 *   friend_request public_key= message=
 *   friend_connection friend= status=none|tcp|udp
 *   friend_name friend= name=
 *   friend_status_message friend= message=
 *   friend_status friend= status=online|away|busy
 *   friend_typing friend= typing=0|1
 *   friend_message friend= type=normal|action text=
 *   friend_read_receipt friend= message_id=
 *   file_recv friend= file= kind=data|avatar|N size= name= [path=]   (path: accepted into there)
 *   file_chunk friend= file= position= length=                        (received data)
 *   file_done friend= file= direction=recv|send size= [path=]
 *   file_control friend= file= control=resume|pause|cancel
 *   conference_invite friend= type=text|av, then conference_joined conference= friend=
 *                     or conference_join_failed friend= code=
 *   conference_connected conference=
 *   conference_message conference= peer= type= text=
 *   conference_title conference= peer= title=
 *   conference_peer_name conference= peer= name=
 *   conference_peer_list_changed conference= count=
 *   group_invite friend= group_name=, then group_invite_accepted group= friend=
 *                or group_invite_failed friend= code=
 *   group_self_join group=
 *   group_join_fail group= code=
 *   group_peer_join group= peer=
 *   group_peer_exit group= peer= exit_type=N name= part_message=
 *   group_peer_name group= peer= name=
 *   group_topic group= peer= topic=
 *   group_message group= peer= type= text= message_id=
 *   group_private_message group= peer= type= text=
 *   bye reason=quit|eof
 *
 * Example (">" is stdin, "<" stdout):
 *   < 81234567 ready address=56A1...F3 public_key=56A1... dhtkey=9C2E... udp_port=33445
 *       tcp_port=0 version=0.2.20 ngc=1
 *   > bootstrap 127.0.0.1 33500 0D4A...77
 *   < 81234570 ok bootstrap
 *   > send 0 hello%20there
 *   < 81234575 ok send friend=0 message_id=1
 *   < 81234610 friend_read_receipt friend=0 message_id=1
 */

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <tox/tox.h>
#include <tox/toxencryptsave.h>

/* NGC groups arrived in c-toxcore 0.2.19's API; 0.2.18's tox.h has no tox_group_* at all. */
#if defined(TOX_GROUP_MAX_MESSAGE_LENGTH)
#define HAVE_NGC 1
#else
#define HAVE_NGC 0
#endif

/* ---------------------------------------------------------------------------------------------- */
/* Output lines                                                                                   */

static char *out_buf;
static size_t out_len, out_cap;

static void out_grow(size_t more)
{
    if (out_len + more + 1 <= out_cap) {
        return;
    }
    size_t cap = out_cap ? out_cap : 1024;
    while (cap < out_len + more + 1) {
        cap *= 2;
    }
    char *b = realloc(out_buf, cap);
    if (b == NULL) {
        abort();
    }
    out_buf = b;
    out_cap = cap;
}

static void out_raw(const char *s, size_t n)
{
    out_grow(n);
    memcpy(out_buf + out_len, s, n);
    out_len += n;
    out_buf[out_len] = '\0';
}

static void out_str(const char *s)
{
    out_raw(s, strlen(s));
}

static void out_fmt(const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    out_raw(tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static unsigned long long now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)ts.tv_nsec / 1000ULL;
}

static void line_begin(const char *word)
{
    out_len = 0;
    unsigned long long us = now_us();
    out_fmt("%llu.%03llu ", us / 1000ULL, us % 1000ULL);
    out_str(word);
}

static void kv_u(const char *key, unsigned long long v)
{
    out_fmt(" %s=%llu", key, v);
}

static void kv_w(const char *key, const char *word)
{
    out_fmt(" %s=", key);
    out_str(word);
}

static void kv_hex(const char *key, const uint8_t *data, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    out_fmt(" %s=", key);
    out_grow(n * 2);
    for (size_t i = 0; i < n; ++i) {
        out_buf[out_len++] = digits[data[i] >> 4];
        out_buf[out_len++] = digits[data[i] & 15];
    }
    out_buf[out_len] = '\0';
}

static void kv_text(const char *key, const uint8_t *data, size_t n)
{
    static const char digits[] = "0123456789ABCDEF";
    out_fmt(" %s=", key);
    out_grow(n * 3);
    for (size_t i = 0; i < n; ++i) {
        uint8_t c = data[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~') {
            out_buf[out_len++] = (char)c;
        } else {
            out_buf[out_len++] = '%';
            out_buf[out_len++] = digits[c >> 4];
            out_buf[out_len++] = digits[c & 15];
        }
    }
    out_buf[out_len] = '\0';
}

static void kv_cstr(const char *key, const char *s)
{
    kv_text(key, (const uint8_t *)s, strlen(s));
}

static void line_end(void)
{
    out_raw("\n", 1);
    fwrite(out_buf, 1, out_len, stdout);
    fflush(stdout);
}

/* ---------------------------------------------------------------------------------------------- */
/* Names of enum values                                                                           */

static const char *connection_name(Tox_Connection c)
{
    switch (c) {
    case TOX_CONNECTION_NONE: return "none";
    case TOX_CONNECTION_TCP: return "tcp";
    case TOX_CONNECTION_UDP: return "udp";
    }
    return "unknown";
}

static const char *status_name(Tox_User_Status s)
{
    switch (s) {
    case TOX_USER_STATUS_NONE: return "online";
    case TOX_USER_STATUS_AWAY: return "away";
    case TOX_USER_STATUS_BUSY: return "busy";
    }
    return "unknown";
}

static const char *message_type_name(Tox_Message_Type t)
{
    return t == TOX_MESSAGE_TYPE_ACTION ? "action" : "normal";
}

static const char *file_control_name(Tox_File_Control c)
{
    switch (c) {
    case TOX_FILE_CONTROL_RESUME: return "resume";
    case TOX_FILE_CONTROL_PAUSE: return "pause";
    case TOX_FILE_CONTROL_CANCEL: return "cancel";
    }
    return "unknown";
}

/* ---------------------------------------------------------------------------------------------- */
/* Small helpers                                                                                  */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Exactly n bytes of hex (2n digits) into out. */
static bool parse_hex(const char *s, uint8_t *out, size_t n)
{
    if (s == NULL || strlen(s) != n * 2) {
        return false;
    }
    for (size_t i = 0; i < n; ++i) {
        int hi = hexval((unsigned char)s[2 * i]);
        int lo = hexval((unsigned char)s[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            return false;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

/* Decodes %XX in place; returns the new length. */
static size_t percent_decode(char *s)
{
    size_t r = 0, w = 0;
    while (s[r] != '\0') {
        if (s[r] == '%' && hexval((unsigned char)s[r + 1]) >= 0 && hexval((unsigned char)s[r + 2]) >= 0) {
            s[w++] = (char)(hexval((unsigned char)s[r + 1]) << 4 | hexval((unsigned char)s[r + 2]));
            r += 3;
        } else {
            s[w++] = s[r++];
        }
    }
    s[w] = '\0';
    return w;
}

static bool parse_u32(const char *s, uint32_t *out)
{
    if (s == NULL || *s == '\0') {
        return false;
    }
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > UINT32_MAX) {
        return false;
    }
    *out = (uint32_t)v;
    return true;
}

/* The next space-separated word of *p (NULL at the end). */
static char *next_word(char **p)
{
    char *s = *p;
    if (s == NULL || *s == '\0') {
        return NULL;
    }
    char *sp = strchr(s, ' ');
    if (sp != NULL) {
        *sp = '\0';
        *p = sp + 1;
    } else {
        *p = s + strlen(s);
    }
    return s;
}

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    uint8_t *data = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *d = realloc(data, cap);
            if (d == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = d;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

/* ---------------------------------------------------------------------------------------------- */
/* State                                                                                          */

static Tox *tox;
static const char *recv_dir;
static bool running = true;

#define MAX_TRANSFERS 64

typedef struct Transfer {
    bool used;
    bool sending;
    uint32_t friend_number;
    uint32_t file_number;
    uint64_t size;
    uint64_t done;
    FILE *fp;
    char path[4096];
} Transfer;

static Transfer transfers[MAX_TRANSFERS];

static Transfer *transfer_find(uint32_t friend_number, uint32_t file_number, bool sending)
{
    for (int i = 0; i < MAX_TRANSFERS; ++i) {
        Transfer *t = &transfers[i];
        if (t->used && t->friend_number == friend_number && t->file_number == file_number
                && t->sending == sending) {
            return t;
        }
    }
    return NULL;
}

static Transfer *transfer_new(void)
{
    for (int i = 0; i < MAX_TRANSFERS; ++i) {
        if (!transfers[i].used) {
            memset(&transfers[i], 0, sizeof transfers[i]);
            transfers[i].used = true;
            return &transfers[i];
        }
    }
    return NULL;
}

static void transfer_close(Transfer *t)
{
    if (t->fp != NULL) {
        fclose(t->fp);
    }
    t->fp = NULL;
    t->used = false;
}

/* ---------------------------------------------------------------------------------------------- */
/* Callbacks                                                                                      */

static void on_log(Tox *t, Tox_Log_Level level, const char *file, uint32_t line, const char *func,
                   const char *message, void *user_data)
{
    (void)t;
    int min = *(int *)user_data;
    if ((int)level < min) {
        return;
    }
    static const char *names[] = {"TRACE", "DEBUG", "INFO", "WARNING", "ERROR"};
    const char *name = (unsigned)level < 5 ? names[level] : "?";
    fprintf(stderr, "%llu %s %s:%u %s: %s\n", now_us() / 1000ULL, name, file, (unsigned)line, func, message);
}

static void on_self_connection(Tox *t, Tox_Connection status, void *ud)
{
    (void)t; (void)ud;
    line_begin("self_connection");
    kv_w("status", connection_name(status));
    line_end();
}

static void on_friend_request(Tox *t, const uint8_t *pk, const uint8_t *msg, size_t len, void *ud)
{
    (void)t; (void)ud;
    line_begin("friend_request");
    kv_hex("public_key", pk, TOX_PUBLIC_KEY_SIZE);
    kv_text("message", msg, len);
    line_end();
}

static void on_friend_connection(Tox *t, uint32_t fn, Tox_Connection status, void *ud)
{
    (void)t; (void)ud;
    line_begin("friend_connection");
    kv_u("friend", fn);
    kv_w("status", connection_name(status));
    line_end();
}

static void on_friend_name(Tox *t, uint32_t fn, const uint8_t *name, size_t len, void *ud)
{
    (void)t; (void)ud;
    line_begin("friend_name");
    kv_u("friend", fn);
    kv_text("name", name, len);
    line_end();
}

static void on_friend_status_message(Tox *t, uint32_t fn, const uint8_t *msg, size_t len, void *ud)
{
    (void)t; (void)ud;
    line_begin("friend_status_message");
    kv_u("friend", fn);
    kv_text("message", msg, len);
    line_end();
}

static void on_friend_status(Tox *t, uint32_t fn, Tox_User_Status status, void *ud)
{
    (void)t; (void)ud;
    line_begin("friend_status");
    kv_u("friend", fn);
    kv_w("status", status_name(status));
    line_end();
}

static void on_friend_typing(Tox *t, uint32_t fn, bool typing, void *ud)
{
    (void)t; (void)ud;
    line_begin("friend_typing");
    kv_u("friend", fn);
    kv_u("typing", typing ? 1 : 0);
    line_end();
}

static const char *echo_prefix, *echo_reply;

/* --echo: answers a message starting with echo_prefix, as soon as it is read. */
static void echo(Tox *t, uint32_t fn, const uint8_t *msg, size_t len)
{
    size_t plen = strlen(echo_prefix), rlen = strlen(echo_reply);
    uint8_t reply[TOX_MAX_MESSAGE_LENGTH];
    if (len < plen || memcmp(msg, echo_prefix, plen) != 0 || rlen + len - plen > sizeof reply) {
        return;
    }
    memcpy(reply, echo_reply, rlen);
    memcpy(reply + rlen, msg + plen, len - plen);
    Tox_Err_Friend_Send_Message err;
    uint32_t id = tox_friend_send_message(t, fn, TOX_MESSAGE_TYPE_NORMAL, reply, rlen + len - plen, &err);
    line_begin("echo");
    kv_u("friend", fn);
    if (err == TOX_ERR_FRIEND_SEND_MESSAGE_OK) {
        kv_u("message_id", id);
    } else {
        kv_u("error", (unsigned long long)err);
    }
    line_end();
}

static void on_friend_message(Tox *t, uint32_t fn, Tox_Message_Type type, const uint8_t *msg, size_t len,
                              void *ud)
{
    (void)ud;
    line_begin("friend_message");
    kv_u("friend", fn);
    kv_w("type", message_type_name(type));
    kv_text("text", msg, len);
    line_end();
    if (echo_prefix != NULL && type == TOX_MESSAGE_TYPE_NORMAL) {
        echo(t, fn, msg, len);
    }
}

static void on_friend_read_receipt(Tox *t, uint32_t fn, uint32_t message_id, void *ud)
{
    (void)t; (void)ud;
    line_begin("friend_read_receipt");
    kv_u("friend", fn);
    kv_u("message_id", message_id);
    line_end();
}

static void on_file_recv_control(Tox *t, uint32_t fn, uint32_t file, Tox_File_Control control, void *ud)
{
    (void)t; (void)ud;
    line_begin("file_control");
    kv_u("friend", fn);
    kv_u("file", file);
    kv_w("control", file_control_name(control));
    line_end();
    if (control == TOX_FILE_CONTROL_CANCEL) {
        Transfer *tr = transfer_find(fn, file, true);
        if (tr != NULL) {
            transfer_close(tr);
        }
        tr = transfer_find(fn, file, false);
        if (tr != NULL) {
            transfer_close(tr);
        }
    }
}

static void on_file_chunk_request(Tox *t, uint32_t fn, uint32_t file, uint64_t position, size_t length,
                                  void *ud)
{
    (void)ud;
    Transfer *tr = transfer_find(fn, file, true);
    if (tr == NULL) {
        return;
    }
    if (length == 0) {
        line_begin("file_done");
        kv_u("friend", fn);
        kv_u("file", file);
        kv_w("direction", "send");
        kv_u("size", tr->done);
        kv_cstr("path", tr->path);
        line_end();
        transfer_close(tr);
        return;
    }
    uint8_t buf[TOX_MAX_CUSTOM_PACKET_SIZE * 4];
    if (length > sizeof buf) {
        length = sizeof buf;
    }
    size_t got = 0;
    if (fseeko(tr->fp, (off_t)position, SEEK_SET) == 0) {
        got = fread(buf, 1, length, tr->fp);
    }
    Tox_Err_File_Send_Chunk err;
    tox_file_send_chunk(t, fn, file, position, buf, got, &err);
    if (err == TOX_ERR_FILE_SEND_CHUNK_OK && position + got > tr->done) {
        tr->done = position + got;
    }
}

/* Keeps only a safe last path element of a received file name. */
static void safe_name(const uint8_t *name, size_t len, char *out, size_t cap)
{
    size_t start = 0;
    for (size_t i = 0; i < len; ++i) {
        if (name[i] == '/') {
            start = i + 1;
        }
    }
    size_t w = 0;
    for (size_t i = start; i < len && w + 1 < cap; ++i) {
        uint8_t c = name[i];
        out[w++] = (c < 0x20 || c == 0x7f || c == '\\') ? '_' : (char)c;
    }
    out[w] = '\0';
    if (w == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0) {
        snprintf(out, cap, "unnamed");
    }
}

static void on_file_recv(Tox *t, uint32_t fn, uint32_t file, uint32_t kind, uint64_t size,
                         const uint8_t *name, size_t name_len, void *ud)
{
    (void)ud;
    line_begin("file_recv");
    kv_u("friend", fn);
    kv_u("file", file);
    if (kind == TOX_FILE_KIND_DATA) {
        kv_w("kind", "data");
    } else if (kind == TOX_FILE_KIND_AVATAR) {
        kv_w("kind", "avatar");
    } else {
        kv_u("kind", kind);
    }
    kv_u("size", size);
    kv_text("name", name, name_len);
    Transfer *tr = NULL;
    if (recv_dir != NULL && kind == TOX_FILE_KIND_DATA) {
        tr = transfer_new();
    }
    if (tr != NULL) {
        char base[256];
        safe_name(name, name_len, base, sizeof base);
        snprintf(tr->path, sizeof tr->path, "%s/%s", recv_dir, base);
        tr->fp = fopen(tr->path, "wb");
        if (tr->fp == NULL) {
            transfer_close(tr);
            tr = NULL;
        } else {
            tr->friend_number = fn;
            tr->file_number = file;
            tr->size = size;
            kv_cstr("path", tr->path);
        }
    }
    line_end();
    if (tr != NULL) {
        tox_file_control(t, fn, file, TOX_FILE_CONTROL_RESUME, NULL);
    } else if (kind == TOX_FILE_KIND_AVATAR) {
        tox_file_control(t, fn, file, TOX_FILE_CONTROL_CANCEL, NULL);
    }
}

static void on_file_recv_chunk(Tox *t, uint32_t fn, uint32_t file, uint64_t position, const uint8_t *data,
                               size_t length, void *ud)
{
    (void)t; (void)ud;
    Transfer *tr = transfer_find(fn, file, false);
    if (tr == NULL) {
        return;
    }
    if (length == 0) {
        line_begin("file_done");
        kv_u("friend", fn);
        kv_u("file", file);
        kv_w("direction", "recv");
        kv_u("size", tr->done);
        kv_cstr("path", tr->path);
        transfer_close(tr);
        line_end();
        return;
    }
    if (fseeko(tr->fp, (off_t)position, SEEK_SET) == 0) {
        fwrite(data, 1, length, tr->fp);
    }
    if (position + length > tr->done) {
        tr->done = position + length;
    }
    line_begin("file_chunk");
    kv_u("friend", fn);
    kv_u("file", file);
    kv_u("position", position);
    kv_u("length", length);
    line_end();
    if (tr->size != UINT64_MAX && tr->done >= tr->size) {
        /* c-toxcore also sends a zero-length chunk at the end; flush what we have already. */
        fflush(tr->fp);
    }
}

static void on_conference_invite(Tox *t, uint32_t fn, Tox_Conference_Type type, const uint8_t *cookie,
                                 size_t length, void *ud)
{
    (void)ud;
    line_begin("conference_invite");
    kv_u("friend", fn);
    kv_w("type", type == TOX_CONFERENCE_TYPE_AV ? "av" : "text");
    line_end();
    if (type != TOX_CONFERENCE_TYPE_TEXT) {
        return;
    }
    Tox_Err_Conference_Join err;
    uint32_t conf = tox_conference_join(t, fn, cookie, length, &err);
    if (err == TOX_ERR_CONFERENCE_JOIN_OK) {
        line_begin("conference_joined");
        kv_u("conference", conf);
        kv_u("friend", fn);
    } else {
        line_begin("conference_join_failed");
        kv_u("friend", fn);
        kv_u("code", err);
    }
    line_end();
}

static void on_conference_connected(Tox *t, uint32_t conf, void *ud)
{
    (void)t; (void)ud;
    line_begin("conference_connected");
    kv_u("conference", conf);
    line_end();
}

static void on_conference_message(Tox *t, uint32_t conf, uint32_t peer, Tox_Message_Type type,
                                  const uint8_t *msg, size_t len, void *ud)
{
    (void)t; (void)ud;
    line_begin("conference_message");
    kv_u("conference", conf);
    kv_u("peer", peer);
    kv_w("type", message_type_name(type));
    kv_text("text", msg, len);
    line_end();
}

static void on_conference_title(Tox *t, uint32_t conf, uint32_t peer, const uint8_t *title, size_t len,
                                void *ud)
{
    (void)t; (void)ud;
    line_begin("conference_title");
    kv_u("conference", conf);
    kv_u("peer", peer);
    kv_text("title", title, len);
    line_end();
}

static void on_conference_peer_name(Tox *t, uint32_t conf, uint32_t peer, const uint8_t *name, size_t len,
                                    void *ud)
{
    (void)t; (void)ud;
    line_begin("conference_peer_name");
    kv_u("conference", conf);
    kv_u("peer", peer);
    kv_text("name", name, len);
    line_end();
}

static void on_conference_peer_list_changed(Tox *t, uint32_t conf, void *ud)
{
    (void)ud;
    uint32_t count = tox_conference_peer_count(t, conf, NULL);
    line_begin("conference_peer_list_changed");
    kv_u("conference", conf);
    kv_u("count", count);
    line_end();
}

#if HAVE_NGC
/* The name to log in in groups and conferences: our own name, or "toxpeer" if it is empty. */
static size_t self_name(uint8_t *buf)
{
    size_t n = tox_self_get_name_size(tox);
    if (n == 0 || n > TOX_MAX_NAME_LENGTH) {
        memcpy(buf, "toxpeer", 7);
        return 7;
    }
    tox_self_get_name(tox, buf);
    return n;
}

static void on_group_invite(Tox *t, uint32_t fn, const uint8_t *data, size_t len, const uint8_t *gname,
                            size_t gname_len, void *ud)
{
    (void)ud;
    line_begin("group_invite");
    kv_u("friend", fn);
    kv_text("group_name", gname, gname_len);
    line_end();
    uint8_t name[TOX_MAX_NAME_LENGTH];
    size_t name_len = self_name(name);
    Tox_Err_Group_Invite_Accept err;
    uint32_t group = tox_group_invite_accept(t, fn, data, len, name, name_len, NULL, 0, &err);
    if (err == TOX_ERR_GROUP_INVITE_ACCEPT_OK) {
        line_begin("group_invite_accepted");
        kv_u("group", group);
        kv_u("friend", fn);
    } else {
        line_begin("group_invite_failed");
        kv_u("friend", fn);
        kv_u("code", err);
    }
    line_end();
}

static void on_group_self_join(Tox *t, uint32_t group, void *ud)
{
    (void)t; (void)ud;
    line_begin("group_self_join");
    kv_u("group", group);
    line_end();
}

static void on_group_join_fail(Tox *t, uint32_t group, Tox_Group_Join_Fail fail, void *ud)
{
    (void)t; (void)ud;
    line_begin("group_join_fail");
    kv_u("group", group);
    kv_u("code", fail);
    line_end();
}

static void on_group_peer_join(Tox *t, uint32_t group, uint32_t peer, void *ud)
{
    (void)t; (void)ud;
    line_begin("group_peer_join");
    kv_u("group", group);
    kv_u("peer", peer);
    line_end();
}

static void on_group_peer_exit(Tox *t, uint32_t group, uint32_t peer, Tox_Group_Exit_Type type,
                               const uint8_t *name, size_t name_len, const uint8_t *part, size_t part_len,
                               void *ud)
{
    (void)t; (void)ud;
    line_begin("group_peer_exit");
    kv_u("group", group);
    kv_u("peer", peer);
    kv_u("exit_type", type);
    kv_text("name", name, name_len);
    kv_text("part_message", part, part_len);
    line_end();
}

static void on_group_peer_name(Tox *t, uint32_t group, uint32_t peer, const uint8_t *name, size_t len,
                               void *ud)
{
    (void)t; (void)ud;
    line_begin("group_peer_name");
    kv_u("group", group);
    kv_u("peer", peer);
    kv_text("name", name, len);
    line_end();
}

static void on_group_topic(Tox *t, uint32_t group, uint32_t peer, const uint8_t *topic, size_t len, void *ud)
{
    (void)t; (void)ud;
    line_begin("group_topic");
    kv_u("group", group);
    kv_u("peer", peer);
    kv_text("topic", topic, len);
    line_end();
}

static void on_group_message(Tox *t, uint32_t group, uint32_t peer, Tox_Message_Type type,
                             const uint8_t *msg, size_t len, uint32_t message_id, void *ud)
{
    (void)t; (void)ud;
    line_begin("group_message");
    kv_u("group", group);
    kv_u("peer", peer);
    kv_w("type", message_type_name(type));
    kv_text("text", msg, len);
    kv_u("message_id", message_id);
    line_end();
}

static void on_group_private_message(Tox *t, uint32_t group, uint32_t peer, Tox_Message_Type type,
                                     const uint8_t *msg, size_t len,
#if TOX_VERSION_IS_API_COMPATIBLE(0, 2, 20)
                                     uint32_t message_id,
#endif
                                     void *ud)
{
    (void)t; (void)ud;
#if TOX_VERSION_IS_API_COMPATIBLE(0, 2, 20)
    (void)message_id;
#endif
    line_begin("group_private_message");
    kv_u("group", group);
    kv_u("peer", peer);
    kv_w("type", message_type_name(type));
    kv_text("text", msg, len);
    line_end();
}
#endif /* HAVE_NGC */

/* ---------------------------------------------------------------------------------------------- */
/* Commands                                                                                       */

static void reply_ok(const char *cmd)
{
    line_begin("ok");
    out_str(" ");
    out_str(cmd);
}

static void reply_error(const char *cmd, const char *reason)
{
    line_begin("error");
    out_str(" ");
    out_str(cmd);
    kv_w("reason", reason);
}

static void error_line(const char *cmd, const char *reason)
{
    reply_error(cmd, reason);
    line_end();
}

static void error_code(const char *cmd, const char *reason, unsigned code)
{
    reply_error(cmd, reason);
    kv_u("code", code);
    line_end();
}

static void put_address(void)
{
    uint8_t address[TOX_ADDRESS_SIZE];
    tox_self_get_address(tox, address);
    kv_hex("address", address, sizeof address);
}

static void put_dhtkey(void)
{
    uint8_t dht[TOX_PUBLIC_KEY_SIZE];
    tox_self_get_dht_id(tox, dht);
    kv_hex("dhtkey", dht, sizeof dht);
}

static bool arg_friend(const char *cmd, char **p, uint32_t *fn)
{
    if (!parse_u32(next_word(p), fn)) {
        error_line(cmd, "usage");
        return false;
    }
    return true;
}

static void cmd_bootstrap(const char *cmd, char *args, bool relay)
{
    char *host = next_word(&args);
    char *port_s = next_word(&args);
    char *key_s = next_word(&args);
    uint32_t port;
    uint8_t key[TOX_PUBLIC_KEY_SIZE];
    if (host == NULL || !parse_u32(port_s, &port) || port > 65535 || !parse_hex(key_s, key, sizeof key)) {
        error_line(cmd, "usage");
        return;
    }
    percent_decode(host);
    if (relay) {
        Tox_Err_Bootstrap err;
        tox_add_tcp_relay(tox, host, (uint16_t)port, key, &err);
        if (err != TOX_ERR_BOOTSTRAP_OK) {
            error_code(cmd, "tox_add_tcp_relay", err);
            return;
        }
    } else {
        Tox_Err_Bootstrap err;
        tox_bootstrap(tox, host, (uint16_t)port, key, &err);
        if (err != TOX_ERR_BOOTSTRAP_OK) {
            error_code(cmd, "tox_bootstrap", err);
            return;
        }
    }
    reply_ok(cmd);
    line_end();
}

static void cmd_add(const char *cmd, char *args)
{
    char *id_s = next_word(&args);
    uint8_t address[TOX_ADDRESS_SIZE];
    if (!parse_hex(id_s, address, sizeof address)) {
        error_line(cmd, "usage");
        return;
    }
    size_t len = percent_decode(args);
    Tox_Err_Friend_Add err;
    uint32_t fn = tox_friend_add(tox, address, (const uint8_t *)args, len, &err);
    if (err != TOX_ERR_FRIEND_ADD_OK) {
        error_code(cmd, "tox_friend_add", err);
        return;
    }
    reply_ok(cmd);
    kv_u("friend", fn);
    line_end();
}

static void cmd_add_norequest(const char *cmd, char *args)
{
    uint8_t pk[TOX_PUBLIC_KEY_SIZE];
    if (!parse_hex(next_word(&args), pk, sizeof pk)) {
        error_line(cmd, "usage");
        return;
    }
    Tox_Err_Friend_Add err;
    uint32_t fn = tox_friend_add_norequest(tox, pk, &err);
    if (err != TOX_ERR_FRIEND_ADD_OK) {
        error_code(cmd, "tox_friend_add_norequest", err);
        return;
    }
    reply_ok(cmd);
    kv_u("friend", fn);
    line_end();
}

static void cmd_send(const char *cmd, char *args, Tox_Message_Type type)
{
    uint32_t fn;
    if (!arg_friend(cmd, &args, &fn)) {
        return;
    }
    size_t len = percent_decode(args);
    Tox_Err_Friend_Send_Message err;
    uint32_t id = tox_friend_send_message(tox, fn, type, (const uint8_t *)args, len, &err);
    if (err != TOX_ERR_FRIEND_SEND_MESSAGE_OK) {
        error_code(cmd, "tox_friend_send_message", err);
        return;
    }
    reply_ok(cmd);
    kv_u("friend", fn);
    kv_u("message_id", id);
    line_end();
}

static void cmd_friends(const char *cmd)
{
    size_t n = tox_self_get_friend_list_size(tox);
    uint32_t *list = calloc(n ? n : 1, sizeof *list);
    if (list == NULL) {
        error_line(cmd, "malloc");
        return;
    }
    tox_self_get_friend_list(tox, list);
    for (size_t i = 0; i < n; ++i) {
        uint32_t fn = list[i];
        uint8_t pk[TOX_PUBLIC_KEY_SIZE];
        tox_friend_get_public_key(tox, fn, pk, NULL);
        size_t name_len = tox_friend_get_name_size(tox, fn, NULL);
        size_t sm_len = tox_friend_get_status_message_size(tox, fn, NULL);
        uint8_t *name = malloc(name_len + 1);
        uint8_t *sm = malloc(sm_len + 1);
        if (name == NULL || sm == NULL) {
            free(name);
            free(sm);
            continue;
        }
        tox_friend_get_name(tox, fn, name, NULL);
        tox_friend_get_status_message(tox, fn, sm, NULL);
        line_begin("friend");
        kv_u("friend", fn);
        kv_hex("public_key", pk, sizeof pk);
        kv_text("name", name, name_len);
        kv_text("status_message", sm, sm_len);
        kv_w("status", status_name(tox_friend_get_status(tox, fn, NULL)));
        kv_w("connection", connection_name(tox_friend_get_connection_status(tox, fn, NULL)));
        line_end();
        free(name);
        free(sm);
    }
    free(list);
    reply_ok(cmd);
    kv_u("count", n);
    line_end();
}

static void cmd_info(const char *cmd)
{
    uint8_t pk[TOX_PUBLIC_KEY_SIZE];
    tox_self_get_public_key(tox, pk);
    size_t name_len = tox_self_get_name_size(tox);
    size_t sm_len = tox_self_get_status_message_size(tox);
    uint8_t *name = malloc(name_len + 1);
    uint8_t *sm = malloc(sm_len + 1);
    if (name == NULL || sm == NULL) {
        free(name);
        free(sm);
        error_line(cmd, "malloc");
        return;
    }
    tox_self_get_name(tox, name);
    tox_self_get_status_message(tox, sm);
    uint32_t nospam = tox_self_get_nospam(tox);
    reply_ok(cmd);
    put_address();
    kv_hex("public_key", pk, sizeof pk);
    put_dhtkey();
    kv_text("name", name, name_len);
    kv_text("status_message", sm, sm_len);
    kv_w("status", status_name(tox_self_get_status(tox)));
    out_fmt(" nospam=%08X", (unsigned)nospam);
    kv_u("udp_port", tox_self_get_udp_port(tox, NULL));
    kv_w("connection", connection_name(tox_self_get_connection_status(tox)));
    line_end();
    free(name);
    free(sm);
}

static void cmd_save(const char *cmd, char *args)
{
    char *path = next_word(&args);
    if (path == NULL) {
        error_line(cmd, "usage");
        return;
    }
    percent_decode(path);
    size_t pass_len = percent_decode(args);
    size_t len = tox_get_savedata_size(tox);
    uint8_t *data = malloc(len + TOX_PASS_ENCRYPTION_EXTRA_LENGTH);
    uint8_t *enc = NULL;
    if (data == NULL) {
        error_line(cmd, "malloc");
        return;
    }
    tox_get_savedata(tox, data);
    const uint8_t *out = data;
    size_t out_n = len;
    if (pass_len > 0) {
        enc = malloc(len + TOX_PASS_ENCRYPTION_EXTRA_LENGTH);
        Tox_Err_Encryption err;
        if (enc == NULL || !tox_pass_encrypt(data, len, (const uint8_t *)args, pass_len, enc, &err)) {
            free(data);
            free(enc);
            error_line(cmd, "encrypt");
            return;
        }
        out = enc;
        out_n = len + TOX_PASS_ENCRYPTION_EXTRA_LENGTH;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    bool ok = f != NULL && fwrite(out, 1, out_n, f) == out_n;
    if (f != NULL && fclose(f) != 0) {
        ok = false;
    }
    ok = ok && rename(tmp, path) == 0;
    free(data);
    free(enc);
    if (!ok) {
        error_code(cmd, "io", (unsigned)errno);
        return;
    }
    reply_ok(cmd);
    kv_cstr("path", path);
    kv_u("size", out_n);
    kv_u("encrypted", pass_len > 0 ? 1 : 0);
    line_end();
}

static void cmd_file_send(const char *cmd, char *args)
{
    uint32_t fn;
    if (!arg_friend(cmd, &args, &fn)) {
        return;
    }
    if (*args == '\0') {
        error_line(cmd, "usage");
        return;
    }
    percent_decode(args);
    struct stat st;
    FILE *fp = fopen(args, "rb");
    if (fp == NULL || fstat(fileno(fp), &st) != 0) {
        if (fp != NULL) {
            fclose(fp);
        }
        error_code(cmd, "io", (unsigned)errno);
        return;
    }
    Transfer *tr = transfer_new();
    if (tr == NULL) {
        fclose(fp);
        error_line(cmd, "too_many_transfers");
        return;
    }
    const char *base = strrchr(args, '/');
    base = base != NULL ? base + 1 : args;
    Tox_Err_File_Send err;
    uint32_t file = tox_file_send(tox, fn, TOX_FILE_KIND_DATA, (uint64_t)st.st_size, NULL,
                                  (const uint8_t *)base, strlen(base), &err);
    if (err != TOX_ERR_FILE_SEND_OK) {
        fclose(fp);
        tr->used = false;
        error_code(cmd, "tox_file_send", err);
        return;
    }
    tr->sending = true;
    tr->friend_number = fn;
    tr->file_number = file;
    tr->size = (uint64_t)st.st_size;
    tr->fp = fp;
    snprintf(tr->path, sizeof tr->path, "%s", args);
    reply_ok(cmd);
    kv_u("friend", fn);
    kv_u("file", file);
    kv_u("size", tr->size);
    line_end();
}

static void cmd_conf(const char *cmd, char *args, int what)
{
    uint32_t conf, fn;
    if (what == 0) { /* conf_new */
        Tox_Err_Conference_New err;
        conf = tox_conference_new(tox, &err);
        if (err != TOX_ERR_CONFERENCE_NEW_OK) {
            error_code(cmd, "tox_conference_new", err);
            return;
        }
        reply_ok(cmd);
        kv_u("conference", conf);
        line_end();
        return;
    }
    if (!parse_u32(next_word(&args), &conf)) {
        error_line(cmd, "usage");
        return;
    }
    if (what == 1) { /* conf_invite */
        if (!parse_u32(next_word(&args), &fn)) {
            error_line(cmd, "usage");
            return;
        }
        Tox_Err_Conference_Invite err;
        tox_conference_invite(tox, fn, conf, &err);
        if (err != TOX_ERR_CONFERENCE_INVITE_OK) {
            error_code(cmd, "tox_conference_invite", err);
            return;
        }
        reply_ok(cmd);
        kv_u("conference", conf);
        kv_u("friend", fn);
        line_end();
    } else if (what == 2 || what == 3) { /* conf_send, conf_action */
        size_t len = percent_decode(args);
        Tox_Err_Conference_Send_Message err;
        tox_conference_send_message(tox, conf, what == 3 ? TOX_MESSAGE_TYPE_ACTION : TOX_MESSAGE_TYPE_NORMAL,
                                    (const uint8_t *)args, len, &err);
        if (err != TOX_ERR_CONFERENCE_SEND_MESSAGE_OK) {
            error_code(cmd, "tox_conference_send_message", err);
            return;
        }
        reply_ok(cmd);
        kv_u("conference", conf);
        line_end();
    } else { /* conf_peers */
        Tox_Err_Conference_Peer_Query err;
        uint32_t count = tox_conference_peer_count(tox, conf, &err);
        if (err != TOX_ERR_CONFERENCE_PEER_QUERY_OK) {
            error_code(cmd, "tox_conference_peer_count", err);
            return;
        }
        reply_ok(cmd);
        kv_u("conference", conf);
        kv_u("count", count);
        line_end();
    }
}

static void cmd_group(const char *cmd, char *args, int what)
{
#if HAVE_NGC
    uint32_t group, fn;
    if (what == 0) { /* group_new */
        size_t gname_len = percent_decode(args);
        if (gname_len == 0) {
            error_line(cmd, "usage");
            return;
        }
        uint8_t name[TOX_MAX_NAME_LENGTH];
        size_t name_len = self_name(name);
        Tox_Err_Group_New err;
        group = tox_group_new(tox, TOX_GROUP_PRIVACY_STATE_PRIVATE, (const uint8_t *)args, gname_len, name,
                              name_len, &err);
        if (err != TOX_ERR_GROUP_NEW_OK) {
            error_code(cmd, "tox_group_new", err);
            return;
        }
        uint8_t chat_id[TOX_GROUP_CHAT_ID_SIZE];
        tox_group_get_chat_id(tox, group, chat_id, NULL);
        reply_ok(cmd);
        kv_u("group", group);
        kv_hex("chat_id", chat_id, sizeof chat_id);
        line_end();
        return;
    }
    if (!parse_u32(next_word(&args), &group)) {
        error_line(cmd, "usage");
        return;
    }
    if (what == 1) { /* group_invite */
        if (!parse_u32(next_word(&args), &fn)) {
            error_line(cmd, "usage");
            return;
        }
        Tox_Err_Group_Invite_Friend err;
        tox_group_invite_friend(tox, group, fn, &err);
        if (err != TOX_ERR_GROUP_INVITE_FRIEND_OK) {
            error_code(cmd, "tox_group_invite_friend", err);
            return;
        }
        reply_ok(cmd);
        kv_u("group", group);
        kv_u("friend", fn);
        line_end();
    } else { /* group_send */
        size_t len = percent_decode(args);
        Tox_Err_Group_Send_Message err;
        uint32_t id = 0;
#if TOX_VERSION_IS_API_COMPATIBLE(0, 2, 20)
        id = tox_group_send_message(tox, group, TOX_MESSAGE_TYPE_NORMAL, (const uint8_t *)args, len, &err);
#else
        tox_group_send_message(tox, group, TOX_MESSAGE_TYPE_NORMAL, (const uint8_t *)args, len, &id, &err);
#endif
        if (err != TOX_ERR_GROUP_SEND_MESSAGE_OK) {
            error_code(cmd, "tox_group_send_message", err);
            return;
        }
        reply_ok(cmd);
        kv_u("group", group);
        kv_u("message_id", id);
        line_end();
    }
#else
    (void)args;
    (void)what;
    error_line(cmd, "unsupported");
#endif
}

static void handle_line(char *line)
{
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ')) {
        line[--n] = '\0';
    }
    if (n == 0) {
        return;
    }
    char *args = line;
    char *cmd = next_word(&args);

    if (strcmp(cmd, "id") == 0) {
        reply_ok(cmd);
        put_address();
        line_end();
    } else if (strcmp(cmd, "dhtkey") == 0) {
        reply_ok(cmd);
        put_dhtkey();
        line_end();
    } else if (strcmp(cmd, "port") == 0) {
        reply_ok(cmd);
        kv_u("udp_port", tox_self_get_udp_port(tox, NULL));
        kv_u("tcp_port", tox_self_get_tcp_port(tox, NULL));
        line_end();
    } else if (strcmp(cmd, "info") == 0) {
        cmd_info(cmd);
    } else if (strcmp(cmd, "bootstrap") == 0) {
        cmd_bootstrap(cmd, args, false);
    } else if (strcmp(cmd, "add_tcp_relay") == 0) {
        cmd_bootstrap(cmd, args, true);
    } else if (strcmp(cmd, "add") == 0) {
        cmd_add(cmd, args);
    } else if (strcmp(cmd, "add_norequest") == 0 || strcmp(cmd, "accept") == 0) {
        cmd_add_norequest(cmd, args);
    } else if (strcmp(cmd, "delete_friend") == 0) {
        uint32_t fn;
        if (!arg_friend(cmd, &args, &fn)) {
            return;
        }
        Tox_Err_Friend_Delete err;
        tox_friend_delete(tox, fn, &err);
        if (err != TOX_ERR_FRIEND_DELETE_OK) {
            error_code(cmd, "tox_friend_delete", err);
            return;
        }
        reply_ok(cmd);
        kv_u("friend", fn);
        line_end();
    } else if (strcmp(cmd, "send") == 0) {
        cmd_send(cmd, args, TOX_MESSAGE_TYPE_NORMAL);
    } else if (strcmp(cmd, "action") == 0) {
        cmd_send(cmd, args, TOX_MESSAGE_TYPE_ACTION);
    } else if (strcmp(cmd, "typing") == 0) {
        uint32_t fn, on;
        if (!arg_friend(cmd, &args, &fn)) {
            return;
        }
        if (!parse_u32(next_word(&args), &on)) {
            error_line(cmd, "usage");
            return;
        }
        Tox_Err_Set_Typing err;
        tox_self_set_typing(tox, fn, on != 0, &err);
        if (err != TOX_ERR_SET_TYPING_OK) {
            error_code(cmd, "tox_self_set_typing", err);
            return;
        }
        reply_ok(cmd);
        line_end();
    } else if (strcmp(cmd, "name") == 0 || strcmp(cmd, "status_message") == 0) {
        size_t len = percent_decode(args);
        Tox_Err_Set_Info err;
        if (cmd[0] == 'n') {
            tox_self_set_name(tox, (const uint8_t *)args, len, &err);
        } else {
            tox_self_set_status_message(tox, (const uint8_t *)args, len, &err);
        }
        if (err != TOX_ERR_SET_INFO_OK) {
            error_code(cmd, "tox_self_set_info", err);
            return;
        }
        reply_ok(cmd);
        line_end();
    } else if (strcmp(cmd, "status") == 0) {
        char *s = next_word(&args);
        Tox_User_Status st;
        if (s != NULL && strcmp(s, "online") == 0) {
            st = TOX_USER_STATUS_NONE;
        } else if (s != NULL && strcmp(s, "away") == 0) {
            st = TOX_USER_STATUS_AWAY;
        } else if (s != NULL && strcmp(s, "busy") == 0) {
            st = TOX_USER_STATUS_BUSY;
        } else {
            error_line(cmd, "usage");
            return;
        }
        tox_self_set_status(tox, st);
        reply_ok(cmd);
        kv_w("status", status_name(st));
        line_end();
    } else if (strcmp(cmd, "nospam") == 0) {
        uint8_t b[4];
        if (!parse_hex(next_word(&args), b, sizeof b)) {
            error_line(cmd, "usage");
            return;
        }
        tox_self_set_nospam(tox, (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3]);
        reply_ok(cmd);
        put_address();
        line_end();
    } else if (strcmp(cmd, "friends") == 0) {
        cmd_friends(cmd);
    } else if (strcmp(cmd, "save") == 0) {
        cmd_save(cmd, args);
    } else if (strcmp(cmd, "file_send") == 0) {
        cmd_file_send(cmd, args);
    } else if (strcmp(cmd, "conf_new") == 0) {
        cmd_conf(cmd, args, 0);
    } else if (strcmp(cmd, "conf_invite") == 0) {
        cmd_conf(cmd, args, 1);
    } else if (strcmp(cmd, "conf_send") == 0) {
        cmd_conf(cmd, args, 2);
    } else if (strcmp(cmd, "conf_action") == 0) {
        cmd_conf(cmd, args, 3);
    } else if (strcmp(cmd, "conf_peers") == 0) {
        cmd_conf(cmd, args, 4);
    } else if (strcmp(cmd, "group_new") == 0) {
        cmd_group(cmd, args, 0);
    } else if (strcmp(cmd, "group_invite") == 0) {
        cmd_group(cmd, args, 1);
    } else if (strcmp(cmd, "group_send") == 0) {
        cmd_group(cmd, args, 2);
    } else if (strcmp(cmd, "ping") == 0) {
        size_t len = percent_decode(args);
        reply_ok(cmd);
        kv_text("text", (const uint8_t *)args, len);
        line_end();
    } else if (strcmp(cmd, "quit") == 0) {
        reply_ok(cmd);
        line_end();
        running = false;
    } else {
        error_line(cmd, "unknown_command");
    }
}

/* ---------------------------------------------------------------------------------------------- */
/* Start                                                                                          */

static void fatal(const char *reason, long code)
{
    line_begin("fatal");
    kv_w("reason", reason);
    if (code >= 0) {
        kv_u("code", (unsigned long long)code);
    }
    line_end();
    exit(1);
}

static void usage(void)
{
    fprintf(stderr, "usage: toxpeer [--port N] [--port-end N] [--no-udp] [--ipv4-only] [--load FILE"
            " [--pass PASSPHRASE]] [--tcp-port N] [--proxy socks5|http HOST PORT] [--recv-dir DIR]"
            " [--log-level trace|debug|info|warning|error] [--max-sleep-ms N] [--lan] [--echo PREFIX REPLY]\n"
            "Commands on stdin, events on stdout; see the comment at the top of toxpeer.c.\n");
}

static uint16_t arg_port(const char *s)
{
    uint32_t v;
    if (!parse_u32(s, &v) || v > 65535) {
        usage();
        fatal("usage", -1);
    }
    return (uint16_t)v;
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);

    uint16_t port = 0, port_end = 0, tcp_port = 0, proxy_port = 0;
    bool udp = true, ipv6 = true, lan = false;
    const char *load = NULL, *pass = NULL, *proxy_host = NULL;
    Tox_Proxy_Type proxy_type = TOX_PROXY_TYPE_NONE;
    static int log_min = TOX_LOG_LEVEL_INFO;
    uint32_t max_sleep_ms = UINT32_MAX;

    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        bool has1 = i + 1 < argc;
        if (strcmp(a, "--port") == 0 && has1) {
            port = arg_port(argv[++i]);
        } else if (strcmp(a, "--port-end") == 0 && has1) {
            port_end = arg_port(argv[++i]);
        } else if (strcmp(a, "--no-udp") == 0) {
            udp = false;
        } else if (strcmp(a, "--ipv4-only") == 0) {
            ipv6 = false;
        } else if (strcmp(a, "--lan") == 0) {
            lan = true;
        } else if (strcmp(a, "--load") == 0 && has1) {
            load = argv[++i];
        } else if (strcmp(a, "--pass") == 0 && has1) {
            pass = argv[++i];
        } else if (strcmp(a, "--tcp-port") == 0 && has1) {
            tcp_port = arg_port(argv[++i]);
        } else if (strcmp(a, "--recv-dir") == 0 && has1) {
            recv_dir = argv[++i];
        } else if (strcmp(a, "--proxy") == 0 && i + 3 < argc) {
            const char *type = argv[++i];
            if (strcmp(type, "socks5") == 0) {
                proxy_type = TOX_PROXY_TYPE_SOCKS5;
            } else if (strcmp(type, "http") == 0) {
                proxy_type = TOX_PROXY_TYPE_HTTP;
            } else {
                usage();
                fatal("usage", -1);
            }
            proxy_host = argv[++i];
            proxy_port = arg_port(argv[++i]);
        } else if (strcmp(a, "--max-sleep-ms") == 0 && has1) {
            if (!parse_u32(argv[++i], &max_sleep_ms)) {
                usage();
                fatal("usage", -1);
            }
        } else if (strcmp(a, "--echo") == 0 && i + 2 < argc) {
            echo_prefix = argv[++i];
            echo_reply = argv[++i];
        } else if (strcmp(a, "--log-level") == 0 && has1) {
            const char *l = argv[++i];
            log_min = strcmp(l, "trace") == 0 ? TOX_LOG_LEVEL_TRACE
                      : strcmp(l, "debug") == 0 ? TOX_LOG_LEVEL_DEBUG
                      : strcmp(l, "info") == 0 ? TOX_LOG_LEVEL_INFO
                      : strcmp(l, "warning") == 0 ? TOX_LOG_LEVEL_WARNING
                      : TOX_LOG_LEVEL_ERROR;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage();
            return 0;
        } else {
            usage();
            fatal("usage", -1);
        }
    }

    struct Tox_Options *opts = tox_options_new(NULL);
    if (opts == NULL) {
        fatal("tox_options_new", -1);
    }
    tox_options_set_ipv6_enabled(opts, ipv6);
    tox_options_set_udp_enabled(opts, udp);
    tox_options_set_local_discovery_enabled(opts, lan);
    tox_options_set_hole_punching_enabled(opts, true);
    if (port != 0) {
        tox_options_set_start_port(opts, port);
        tox_options_set_end_port(opts, port_end >= port ? port_end : port);
    }
    tox_options_set_tcp_port(opts, tcp_port);
    if (proxy_type != TOX_PROXY_TYPE_NONE) {
        tox_options_set_proxy_type(opts, proxy_type);
        tox_options_set_proxy_host(opts, proxy_host);
        tox_options_set_proxy_port(opts, proxy_port);
    }
    tox_options_set_log_callback(opts, on_log);
    tox_options_set_log_user_data(opts, &log_min);

    uint8_t *save = NULL, *plain = NULL;
    if (load != NULL) {
        size_t len = 0;
        save = read_file(load, &len);
        if (save == NULL) {
            fatal("load_io", errno);
        }
        if (len >= TOX_PASS_ENCRYPTION_EXTRA_LENGTH && tox_is_data_encrypted(save)) {
            if (pass == NULL) {
                fatal("load_encrypted_no_pass", -1);
            }
            plain = malloc(len - TOX_PASS_ENCRYPTION_EXTRA_LENGTH + 1);
            Tox_Err_Decryption derr;
            if (plain == NULL
                    || !tox_pass_decrypt(save, len, (const uint8_t *)pass, strlen(pass), plain, &derr)) {
                fatal("load_decrypt", plain == NULL ? -1 : (long)derr);
            }
            free(save);
            save = plain;
            len -= TOX_PASS_ENCRYPTION_EXTRA_LENGTH;
        }
        tox_options_set_savedata_type(opts, TOX_SAVEDATA_TYPE_TOX_SAVE);
        tox_options_set_savedata_data(opts, save, len);
    }

    Tox_Err_New err;
    tox = tox_new(opts, &err);
    tox_options_free(opts);
    free(save);
    if (tox == NULL) {
        fatal("tox_new", err);
    }

    tox_callback_self_connection_status(tox, on_self_connection);
    tox_callback_friend_request(tox, on_friend_request);
    tox_callback_friend_connection_status(tox, on_friend_connection);
    tox_callback_friend_name(tox, on_friend_name);
    tox_callback_friend_status_message(tox, on_friend_status_message);
    tox_callback_friend_status(tox, on_friend_status);
    tox_callback_friend_typing(tox, on_friend_typing);
    tox_callback_friend_message(tox, on_friend_message);
    tox_callback_friend_read_receipt(tox, on_friend_read_receipt);
    tox_callback_file_recv_control(tox, on_file_recv_control);
    tox_callback_file_chunk_request(tox, on_file_chunk_request);
    tox_callback_file_recv(tox, on_file_recv);
    tox_callback_file_recv_chunk(tox, on_file_recv_chunk);
    tox_callback_conference_invite(tox, on_conference_invite);
    tox_callback_conference_connected(tox, on_conference_connected);
    tox_callback_conference_message(tox, on_conference_message);
    tox_callback_conference_title(tox, on_conference_title);
    tox_callback_conference_peer_name(tox, on_conference_peer_name);
    tox_callback_conference_peer_list_changed(tox, on_conference_peer_list_changed);
#if HAVE_NGC
    tox_callback_group_invite(tox, on_group_invite);
    tox_callback_group_self_join(tox, on_group_self_join);
    tox_callback_group_join_fail(tox, on_group_join_fail);
    tox_callback_group_peer_join(tox, on_group_peer_join);
    tox_callback_group_peer_exit(tox, on_group_peer_exit);
    tox_callback_group_peer_name(tox, on_group_peer_name);
    tox_callback_group_topic(tox, on_group_topic);
    tox_callback_group_message(tox, on_group_message);
    tox_callback_group_private_message(tox, on_group_private_message);
#endif

    uint8_t pk[TOX_PUBLIC_KEY_SIZE];
    tox_self_get_public_key(tox, pk);
    line_begin("ready");
    put_address();
    kv_hex("public_key", pk, sizeof pk);
    put_dhtkey();
    kv_u("udp_port", tox_self_get_udp_port(tox, NULL));
    kv_u("tcp_port", tox_self_get_tcp_port(tox, NULL));
    out_fmt(" version=%u.%u.%u", tox_version_major(), tox_version_minor(), tox_version_patch());
    kv_u("ngc", HAVE_NGC);
    line_end();

    char *in = NULL;
    size_t in_len = 0, in_cap = 0;
    const char *bye = "quit";
    while (running) {
        tox_iterate(tox, NULL);
        struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
        uint32_t sleep_ms = tox_iteration_interval(tox);
        int r = poll(&pfd, 1, (int)(sleep_ms < max_sleep_ms ? sleep_ms : max_sleep_ms));
        if (r < 0 && errno != EINTR) {
            bye = "poll_error";
            break;
        }
        if (r <= 0) {
            continue;
        }
        if (in_cap - in_len < 4096) {
            in_cap = in_cap ? in_cap * 2 : 65536;
            char *b = realloc(in, in_cap);
            if (b == NULL) {
                bye = "malloc";
                break;
            }
            in = b;
        }
        ssize_t got = read(STDIN_FILENO, in + in_len, in_cap - in_len - 1);
        if (got < 0) {
            if (errno == EINTR || errno == EAGAIN) {
                continue;
            }
            bye = "read_error";
            break;
        }
        if (got == 0) {
            bye = "eof";
            break;
        }
        in_len += (size_t)got;
        size_t start = 0;
        for (size_t i = 0; i < in_len && running; ++i) {
            if (in[i] == '\n') {
                in[i] = '\0';
                handle_line(in + start);
                start = i + 1;
            }
        }
        memmove(in, in + start, in_len - start);
        in_len -= start;
    }

    for (int i = 0; i < MAX_TRANSFERS; ++i) {
        if (transfers[i].used) {
            transfer_close(&transfers[i]);
        }
    }
    tox_kill(tox);
    line_begin("bye");
    kv_w("reason", bye);
    line_end();
    free(in);
    free(out_buf);
    return 0;
}
