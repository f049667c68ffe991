#pragma once
// What the TCP and HTTP servers share: the listening socket, the accept loop with its
// connection limit, a registry of live sessions per context, and drain/force for the runtime.
#include <atomic>
#include <list>
#include <memory>
#include <vector>

#include <boost/asio/ip/tcp.hpp>

#include <coronet/log.hpp>
#include <coronet/runtime.hpp>
#include <coronet/task.hpp>
#include "detail/listener_options.hpp"

#include "detail/session_state.hpp"

namespace coronet::detail {

using boost::asio::ip::tcp;

tcp::acceptor open_listener(boost::asio::io_context& ctx, const listener_options& options);

class stream_service : public drainable, public std::enable_shared_from_this<stream_service> {
public:
    stream_service(runtime& rt, const listener_options& options);
    virtual ~stream_service();

    // Attaches to the runtime and starts accepting; call once, right after make_shared.
    void start();
    // Stops accepting, ends every session and detaches; the server's destructor calls it.
    void stop();

    tcp::endpoint local_endpoint() const { return endpoint_; }
    std::size_t active() const override { return open_.load(std::memory_order_relaxed); }
    void begin_drain() override;
    void force_close() override;
    logger& log() const { return log_; }

protected:
    // Runs the protocol on one connection, on the socket's own context.
    virtual task<void> serve(std::shared_ptr<session_state> session) = 0;
    // Over the connection limit: say no (HTTP: 503) and close.
    virtual task<void> refuse(tcp::socket socket);

private:
    task<void> accept_loop();
    static task<void> refuse_holding(std::shared_ptr<stream_service> self, tcp::socket socket);
    task<void> run_session(std::size_t context_index, std::shared_ptr<session_state> session);
    void for_each_session(void (session_state::*action)());

    runtime& rt_;
    listener_options options_;
    logger& log_;
    tcp::acceptor acceptor_;
    tcp::endpoint endpoint_;
    std::atomic<std::size_t> open_{0};
    std::atomic<bool> attached_{false};
    std::atomic<bool> draining_{false};
    std::atomic<bool> forced_{false};
    static constexpr std::size_t max_refusing = 256;
    std::atomic<std::size_t> refusing_{0};
    // sessions_[i] is only touched on context i.
    std::vector<std::list<std::shared_ptr<session_state>>> sessions_;
};

}  // namespace coronet::detail
