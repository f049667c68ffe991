// A load generator for the dictionary's protocols and for TCP echo: N connections (UDP: N
// connected sockets), each keeping one request in flight, for a fixed time.
//   coronet-bench-lookup-load --protocol udp|lines|dict --port N --words FILE
//                             [--connections 32] [--seconds 10] [--database *]
//   coronet-bench-lookup-load --protocol echo --port N [--size 64] [--connections 32] [--seconds 10]
// Prints one line: "requests=R seconds=S rps=X p50_us=A p99_us=B misses=M errors=E".
//   udp    datagram: a random word; reply: one datagram
//   lines  "word\n"; reply: "STATUS SIZE\n" + SIZE bytes (handlers/dictionary_lines.hpp)
//   dict   RFC 2229 "DEFINE db word"; reply ends with a "250 " or "552 " line (or another 5xx)
//   echo   SIZE bytes, different every time (binary); reply: the same bytes (an error if not)
// Plain sockets and epoll, no framework: the generator must cost as little as possible.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

enum class protocol { udp, lines, dict, echo };

struct settings {
    protocol kind = protocol::udp;
    int port = 0;
    std::string words_file;
    int connections = 32;
    double seconds = 10;
    std::string database = "*";
    std::size_t size = 64;             // echo: bytes per message
};

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "lookup_load: %s\n", what.c_str());
    std::exit(2);
}

settings parse(int argc, char** argv) {
    settings s;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string_view flag = argv[i], value = argv[i + 1];
        if (flag == "--protocol") {
            s.kind = value == "udp" ? protocol::udp : value == "lines" ? protocol::lines : value == "dict" ? protocol::dict
                     : value == "echo" ? protocol::echo : (fail("bad --protocol"), protocol::udp);
        } else if (flag == "--port") s.port = std::atoi(argv[i + 1]);
        else if (flag == "--words") s.words_file = value;
        else if (flag == "--connections") s.connections = std::atoi(argv[i + 1]);
        else if (flag == "--seconds") s.seconds = std::atof(argv[i + 1]);
        else if (flag == "--database") s.database = value;
        else if (flag == "--size") s.size = static_cast<std::size_t>(std::atol(argv[i + 1]));
        else fail("unknown flag " + std::string(flag));
    }
    bool needs_words = s.kind != protocol::echo;
    if (s.port <= 0 || (needs_words && s.words_file.empty()) || s.connections <= 0 || s.seconds <= 0 || s.size == 0)
        fail("need --port, --words (but for echo), sane counts");
    return s;
}

// One connection and its request in flight.
struct flow {
    int fd = -1;
    std::string in;                    // bytes of the reply so far
    clock_type::time_point sent;
    bool greeted = true;               // dict: the banner has been read
    std::string expected;              // echo: what must come back
};

// The reply's length once `in` holds a whole one, else 0; `miss` tells a not-found answer.
std::size_t reply_length(protocol kind, std::string_view in, bool& miss) {
    if (kind == protocol::lines) {
        auto eol = in.find('\n');
        if (eol == std::string_view::npos) return 0;
        auto space = in.rfind(' ', eol);
        std::size_t size = 0;
        if (space == std::string_view::npos || std::from_chars(in.data() + space + 1, in.data() + eol, size).ec != std::errc{})
            fail("bad lines answer: " + std::string(in.substr(0, eol)));
        miss = !in.starts_with("found ");
        return in.size() >= eol + 1 + size ? eol + 1 + size : 0;
    }
    // dict: complete at a final status line: 250 (done), 552 (no match) or another 4xx/5xx.
    for (std::size_t start = 0; start < in.size();) {
        auto eol = in.find("\r\n", start);
        if (eol == std::string_view::npos) return 0;
        auto line = in.substr(start, eol - start);
        if (line.size() >= 4 && line[3] == ' ' && (line.starts_with("250") || line[0] == '4' || line[0] == '5')) {
            miss = !line.starts_with("250");
            return eol + 2;
        }
        // Skip a definition's text: from a 151 line to its "." line.
        if (line.starts_with("151 ")) {
            auto end = in.find("\r\n.\r\n", eol);
            if (end == std::string_view::npos) return 0;
            start = end + 5;
            continue;
        }
        start = eol + 2;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    auto s = parse(argc, argv);
    std::vector<std::string> words{""};
    if (s.kind != protocol::echo) {
        words.clear();
        std::ifstream file(s.words_file);
        for (std::string w; std::getline(file, w);)
            if (!w.empty()) words.push_back(w);
        if (words.empty()) fail("no words in " + s.words_file);
    }
    std::mt19937 rng(2026);
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);

    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(s.port));
    int epoll = epoll_create1(0);
    std::vector<flow> flows(static_cast<std::size_t>(s.connections));
    for (std::size_t i = 0; i < flows.size(); ++i) {
        auto& f = flows[i];
        f.fd = socket(AF_INET, s.kind == protocol::udp ? SOCK_DGRAM : SOCK_STREAM, 0);
        if (f.fd < 0 || connect(f.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("connect failed");
        int one = 1;
        if (s.kind != protocol::udp) setsockopt(f.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        f.greeted = s.kind != protocol::dict;
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = i;
        epoll_ctl(epoll, EPOLL_CTL_ADD, f.fd, &ev);
    }

    std::vector<std::uint64_t> histogram(100'001);   // microseconds; the last bin: 100 ms or more
    std::uint64_t requests = 0, misses = 0, errors = 0;
    std::string request;
    std::uint64_t sent_count = 0;
    auto record = [&](const flow& f, clock_type::time_point now) {
        ++histogram[std::min<std::size_t>(std::chrono::duration_cast<std::chrono::microseconds>(now - f.sent).count(), 100'000)];
        ++requests;
    };
    auto send_next = [&](flow& f) {
        const auto& word = words[pick(rng)];
        request.clear();
        if (s.kind == protocol::echo) {
            // Every byte value turns up (NUL, 0xFF), and no two messages in a row are alike.
            ++sent_count;
            for (std::size_t i = 0; i < s.size; ++i) request.push_back(static_cast<char>((sent_count * 131 + i * 7) & 0xff));
            f.expected = request;
        } else if (s.kind == protocol::dict) request.append("DEFINE ").append(s.database).append(" \"").append(word).append("\"\r\n");
        else request.append(word).append(s.kind == protocol::lines ? "\n" : "");
        f.sent = clock_type::now();
        if (send(f.fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) fail("send failed");
    };
    for (auto& f : flows)
        if (f.greeted) send_next(f);

    const auto start = clock_type::now();
    const auto end = start + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(s.seconds));
    std::vector<epoll_event> events(flows.size());
    char buffer[65536];
    while (clock_type::now() < end) {
        int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 100);
        for (int e = 0; e < n; ++e) {
            auto& f = flows[events[static_cast<std::size_t>(e)].data.u64];
            auto got = recv(f.fd, buffer, sizeof buffer, 0);
            if (got <= 0) fail("connection closed by the server");
            auto now = clock_type::now();
            if (s.kind == protocol::udp) {
                record(f, now);
                if (std::string_view(buffer, static_cast<std::size_t>(got)).starts_with("not found")) ++misses;
                if (std::string_view(buffer, static_cast<std::size_t>(got)).starts_with("error")) ++errors;
                send_next(f);
                continue;
            }
            f.in.append(buffer, static_cast<std::size_t>(got));
            if (s.kind == protocol::echo) {
                if (f.in.size() < f.expected.size()) continue;
                record(f, now);
                if (f.in != f.expected) ++errors;   // changed bytes, or bytes nobody asked for
                f.in.clear();
                send_next(f);
                continue;
            }
            if (!f.greeted) {   // dict: the 220 banner comes first
                auto eol = f.in.find("\r\n");
                if (eol == std::string::npos) continue;
                if (!f.in.starts_with("220")) fail("no 220 banner: " + f.in.substr(0, eol));
                f.in.erase(0, eol + 2);
                f.greeted = true;
                send_next(f);
                continue;
            }
            bool miss = false;
            if (auto length = reply_length(s.kind, f.in, miss)) {
                record(f, now);
                misses += miss;
                f.in.erase(0, length);
                if (!f.in.empty()) ++errors;   // bytes nobody asked for
                send_next(f);
            }
        }
    }
    double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    auto percentile = [&](double p) {
        std::uint64_t target = static_cast<std::uint64_t>(p * static_cast<double>(requests)), seen = 0;
        for (std::size_t us = 0; us < histogram.size(); ++us)
            if ((seen += histogram[us]) > target) return us;
        return histogram.size() - 1;
    };
    std::printf("requests=%llu seconds=%.3f rps=%.0f p50_us=%zu p99_us=%zu misses=%llu errors=%llu\n",
                static_cast<unsigned long long>(requests), seconds, static_cast<double>(requests) / seconds, percentile(0.5),
                percentile(0.99), static_cast<unsigned long long>(misses), static_cast<unsigned long long>(errors));
    return requests > 0 ? 0 : 1;
}
