#include <coronet/tcp/server.hpp>

#include <errno.h>
#include <sys/socket.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "detail/stream_service.hpp"

namespace coronet::tcp {

namespace asio = boost::asio;
constexpr auto nothrow = asio::as_tuple(asio::use_awaitable);

namespace detail {
struct connection_state {
    std::shared_ptr<coronet::detail::session_state> session;
    tcp::endpoint remote;
    std::chrono::milliseconds idle_timeout;
    unsigned writes_without_wait = 0;
};
}  // namespace detail

namespace {

// A write is first tried at once (send with MSG_DONTWAIT); only the rest that a full socket
// did not take goes through Asio (write_all). A reply then leaves without an operation object
// and a trip through the scheduler: for an echo of 64 bytes that was most of the framework's
// own CPU time (docs/benchmarks.md). Reads stay Asio's: they complete through the scheduler,
// so the other connections of the thread get their turn, and Asio's reactor knows when a read
// would find nothing, without a recv to ask.
//
// A handler that writes without reading could keep a thread to itself with writes that all
// succeed at once: after this many in a row, it yields.
constexpr unsigned max_writes_without_wait = 32;

// One non-blocking send: the bytes taken, or the error (would_block when the socket is full).
std::size_t try_send(tcp::socket& socket, asio::const_buffer buffer, boost::system::error_code& ec) {
    for (;;) {
        auto n = ::send(socket.native_handle(), buffer.data(), buffer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        ec.assign(errno, boost::system::system_category());
        return 0;
    }
}

}  // namespace

connection::connection(std::shared_ptr<detail::connection_state> state) : state_(std::move(state)) {}
connection::~connection() = default;

const tcp::endpoint& connection::remote_endpoint() const { return state_->remote; }
tcp::socket& connection::socket() { return state_->session->socket; }
bool connection::draining() const { return state_->session->draining(); }

task<std::size_t> connection::read_some(asio::mutable_buffer buffer, bool idle) {
    auto& s = *state_->session;
    state_->writes_without_wait = 0;
    if (idle && s.draining()) co_return 0;
    s.set_idle(idle);
    s.expire_after(state_->idle_timeout);
    auto [ec, n] = co_await s.socket.async_read_some(buffer, nothrow);
    s.set_idle(false);
    if (!ec) co_return n;
    if (ec == asio::error::eof) co_return 0;
    // An idle wait cut by the idle timeout or by a drain is an orderly end.
    if (ec == asio::error::operation_aborted && idle && (s.timed_out() || s.draining())) co_return 0;
    if (ec == asio::error::operation_aborted && s.timed_out()) ec = asio::error::timed_out;
    throw boost::system::system_error(ec, "read");
}

task<void> connection::write(asio::const_buffer data) {
    auto& s = *state_->session;
    if (data.size() == 0) co_return;
    if (++state_->writes_without_wait >= max_writes_without_wait) {
        state_->writes_without_wait = 0;
        co_await asio::post(s.socket.get_executor(), asio::use_awaitable);
    }
    boost::system::error_code ec;
    data += try_send(s.socket, data, ec);
    if (ec && ec != asio::error::would_block) throw boost::system::system_error(ec, "write");
    if (data.size() == 0) co_return;
    // The socket is full: the rest waits for room, under the write deadline.
    state_->writes_without_wait = 0;
    ec = co_await s.write_all(data, state_->idle_timeout);
    if (ec) throw boost::system::system_error(ec, "write");
}

struct server::state final : coronet::detail::stream_service {
    state(runtime& rt, server_options opts, connection_handler h)
        : stream_service(rt, coronet::detail::listener_of(opts)), options(std::move(opts)), handler(std::move(h)) {}

    task<void> serve(std::shared_ptr<coronet::detail::session_state> session) override {
        boost::system::error_code ec;
        auto remote = session->socket.remote_endpoint(ec);
        if (ec) co_return;
        session->socket.set_option(tcp::no_delay(true), ec);
        connection conn{std::make_shared<detail::connection_state>(
            detail::connection_state{session, remote, options.idle_timeout})};
        try {
            co_await handler(conn);
        } catch (const boost::system::system_error& e) {
            log().info("tcp {}: connection from {} ended: {}", local_endpoint().port(),
                       remote.address().to_string(), e.code().message());
            co_return;
        } catch (const std::exception& e) {
            log().error("tcp {}: handler failed for {}: {}", local_endpoint().port(),
                        remote.address().to_string(), e.what());
            co_return;
        } catch (...) {
            log().error("tcp {}: handler failed for {}: unknown exception", local_endpoint().port(),
                        remote.address().to_string());
            co_return;
        }
        // The handler is done: let the client see an orderly end of stream.
        session->socket.shutdown(tcp::socket::shutdown_send, ec);
    }

    server_options options;
    connection_handler handler;
};

server::server(runtime& rt, server_options options, connection_handler handler)
    : state_(std::make_shared<state>(rt, std::move(options), std::move(handler))) {
    state_->start();
}

server::~server() { state_->stop(); }

tcp::endpoint server::local_endpoint() const { return state_->local_endpoint(); }
std::size_t server::connections() const { return state_->active(); }

}  // namespace coronet::tcp
