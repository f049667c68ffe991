#include "detail/session_state.hpp"

#include <errno.h>
#include <signal.h>
#include <sys/sendfile.h>
#include <sys/socket.h>

#include <span>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace coronet::detail {

session_state::session_state(boost::asio::ip::tcp::socket s)
    : socket(std::move(s)), timer_(socket.get_executor()) {}

void session_state::expire_after(clock::duration d) {
    deadline_ = clock::now() + d;
    timed_out_ = false;
    if (!armed_ || deadline_ < armed_for_) arm();
}

void session_state::arm() {
    armed_ = true;
    armed_for_ = deadline_;
    timer_.expires_at(deadline_);
    // The handler owns the state: it may run after the session coroutine has ended.
    timer_.async_wait([self = shared_from_this(), generation = ++generation_](boost::system::error_code) {
        if (generation != self->generation_ || self->finished_) return;
        self->armed_ = false;
        if (self->deadline_ == clock::time_point::max()) return;
        if (clock::now() < self->deadline_) return self->arm();
        self->timed_out_ = true;
        boost::system::error_code ignored;
        self->socket.cancel(ignored);
    });
}

void session_state::drain() {
    draining_ = true;
    boost::system::error_code ignored;
    if (idle_) socket.cancel(ignored);
}

void session_state::force() {
    draining_ = true;
    cancel.emit(boost::asio::cancellation_type::terminal);
    boost::system::error_code ignored;
    socket.cancel(ignored);
}

task<boost::system::error_code> session_state::write_all(buffers data, clock::duration timeout) {
    namespace asio = boost::asio;
    auto& parts = data.parts;
    std::size_t first = 0, count = data.count;
    while (first < count) {
        if (parts[first].size() == 0) {
            ++first;
            continue;
        }
        expire_after(timeout);
        auto pending = std::span<const asio::const_buffer>(parts.data() + first, count - first);
        auto [ec, n] = co_await socket.async_write_some(pending, asio::as_tuple(asio::use_awaitable));
        if (ec) co_return (ec == asio::error::operation_aborted && timed_out_) ? asio::error::timed_out : ec;
        for (; n > 0 && first < count; ++first) {
            if (n < parts[first].size()) {
                parts[first] += n;
                break;
            }
            n -= parts[first].size();
        }
    }
    co_return boost::system::error_code{};
}

namespace {

// sendfile(2) has no MSG_NOSIGNAL: a peer gone mid-body would kill the process with SIGPIPE.
// Ignored (as nginx does) unless the program installed its own handler; EPIPE tells us instead.
void ignore_sigpipe_once() {
    static const bool done = [] {
        struct sigaction current{};
        if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)done;
}

}  // namespace

task<session_state::file_sent> session_state::send_file(std::string_view head, int fd, std::uint64_t offset,
                                                        std::uint64_t length, clock::duration timeout) {
    namespace asio = boost::asio;
    // Per call, and between two turns given to the other sessions on this thread: a reader as
    // fast as the disk would otherwise keep the loop busy with one response.
    constexpr std::uint64_t turn_bytes = 4 * 1024 * 1024;
    // MSG_MORE holds the head back until the file's first bytes join it: one segment less
    // (TCP_NODELAY would send it alone). Not for an empty file: nothing would release it.
    const int head_flags = MSG_NOSIGNAL | (length > 0 ? MSG_MORE : 0);
    ignore_sigpipe_once();
    file_sent out;
    if (!socket.native_non_blocking()) socket.native_non_blocking(true, out.ec);
    std::uint64_t this_turn = 0;
    while (!out.ec && (!head.empty() || out.bytes < length)) {
        expire_after(timeout);
        auto position = static_cast<off_t>(offset + out.bytes);
        auto n = !head.empty() ? ::send(socket.native_handle(), head.data(), head.size(), head_flags)
                               : ::sendfile(socket.native_handle(), fd, &position, std::min(length - out.bytes, turn_bytes));
        if (n > 0 && !head.empty()) {
            head.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n > 0) {
            out.bytes += static_cast<std::uint64_t>(n);
            this_turn += static_cast<std::uint64_t>(n);
            if (this_turn >= turn_bytes && out.bytes < length) {
                this_turn = 0;
                co_await asio::post(socket.get_executor(), asio::use_awaitable);
            }
            continue;
        }
        if (n == 0) break;                  // end of file before `length`: it shrank
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            out.ec.assign(errno, boost::system::system_category());
            break;
        }
        this_turn = 0;
        auto [ec] = co_await socket.async_wait(asio::ip::tcp::socket::wait_write, asio::as_tuple(asio::use_awaitable));
        if (ec) out.ec = (ec == asio::error::operation_aborted && timed_out_) ? asio::error::timed_out : ec;
    }
    co_return out;
}

void session_state::finish() {
    finished_ = true;
    ++generation_;
    timer_.cancel();
}

}  // namespace coronet::detail
