#pragma once
// Per-connection state shared by the TCP and HTTP sessions: the socket, one deadline
// watched by a single timer, and the flags that drain and force act on.
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <string_view>
#include <algorithm>
#include <array>

#include <boost/asio/buffer.hpp>
#include <coronet/task.hpp>

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace coronet::detail {

class session_state : public std::enable_shared_from_this<session_state> {
public:
    using clock = std::chrono::steady_clock;

    explicit session_state(boost::asio::ip::tcp::socket s);

    // The socket's pending operations are cancelled once `d` has passed without another
    // call. Moving the deadline is a store, not a timer operation: the one timer wakes up
    // at most once per deadline and re-arms itself when the deadline moved on.
    void expire_after(clock::duration d);
    void clear_deadline() { deadline_ = clock::time_point::max(); }
    bool timed_out() const { return timed_out_; }

    // The session is waiting between messages: a drain may end it now.
    void set_idle(bool idle) { idle_ = idle; }
    bool idle() const { return idle_; }
    bool draining() const { return draining_; }
    void drain();       // on the socket's context
    void force();       // on the socket's context
    void finish();      // the session ended: stop the timer

    // Writes every byte, moving the deadline to `timeout` from now before each piece: the
    // timeout is for a peer that stopped reading, not for a big write to a slow one that
    // keeps taking bytes. A passed deadline comes back as asio::error::timed_out.
    struct buffers {
        // By value: a task starts when awaited, after a caller's temporaries may be gone.
        buffers(boost::asio::const_buffer one) : parts{one}, count(1) {}
        buffers(boost::asio::mutable_buffer one) : parts{one}, count(1) {}
        template <std::size_t N>
            requires(N <= 4)
        buffers(const std::array<boost::asio::const_buffer, N>& some) : count(N) {
            std::copy(some.begin(), some.end(), parts.begin());
        }
        std::array<boost::asio::const_buffer, 4> parts{};
        std::size_t count;
    };
    task<boost::system::error_code> write_all(buffers data, clock::duration timeout);

    // Sends `head`, then `length` bytes of the open file `fd` from `offset` with sendfile(2), on
    // the non-blocking socket, waiting for it to become writable when full; the deadline works
    // as in write_all. `bytes` (of the file) short of `length` without an error: the file ended
    // early (it shrank).
    struct file_sent {
        boost::system::error_code ec;
        std::uint64_t bytes = 0;
    };
    // By value: the task starts when awaited (the caller keeps `head`'s bytes alive).
    task<file_sent> send_file(std::string_view head, int fd, std::uint64_t offset, std::uint64_t length,
                              clock::duration timeout);

    boost::asio::ip::tcp::socket socket;
    boost::asio::cancellation_signal cancel;    // bound to the session coroutine
    std::list<std::shared_ptr<session_state>>::iterator registry_position;

private:
    void arm();
    boost::asio::steady_timer timer_;
    clock::time_point deadline_ = clock::time_point::max();
    clock::time_point armed_for_ = clock::time_point::max();
    std::uint64_t generation_ = 0;
    bool armed_ = false;
    bool timed_out_ = false;
    bool idle_ = false;
    bool draining_ = false;
    bool finished_ = false;
};

}  // namespace coronet::detail
