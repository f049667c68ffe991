#include <coronet/tcp/server.hpp>

#include <boost/asio/as_tuple.hpp>
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
};
}  // namespace detail

connection::connection(std::shared_ptr<detail::connection_state> state) : state_(std::move(state)) {}
connection::~connection() = default;

const tcp::endpoint& connection::remote_endpoint() const { return state_->remote; }
tcp::socket& connection::socket() { return state_->session->socket; }
bool connection::draining() const { return state_->session->draining(); }

task<std::size_t> connection::read_some(asio::mutable_buffer buffer, bool idle) {
    auto& s = *state_->session;
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
    auto ec = co_await state_->session->write_all(data, state_->idle_timeout);
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
