#include "echo_client.hpp"

#include <exception>
#include <stdexcept>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <fmt/format.h>

namespace coronet_echo_app {

namespace asio = boost::asio;
using coronet::task;
using coronet::handlers::echo_mode;

// The socket and the readers on it: readers keep bytes read past one answer for the next.
struct echo_client::connection {
    explicit connection(asio::ip::tcp::socket s) : socket(std::move(s)), stream(socket), lines(stream), frames(stream) {}
    asio::ip::tcp::socket socket;
    coronet::tcp::socket_stream stream;
    coronet::line_reader lines;
    coronet::frame_reader frames;
};

echo_client::echo_client(echo_mode mode, std::string host, std::uint16_t port, std::chrono::milliseconds timeout)
    : mode_(mode), host_(std::move(host)), port_(port), timeout_(timeout) {}

echo_client::~echo_client() = default;

std::string echo_client::exchange(std::string_view message) {
    if (mode_ == echo_mode::lines && message.find('\n') != std::string_view::npos)
        throw std::invalid_argument("a line cannot hold a line break");
    if (mode_ == echo_mode::raw && message.empty()) return {};   // nothing to send, nothing comes back
    struct outcome {
        bool done = false;
        std::exception_ptr error;
        std::string answer;
    };
    auto result = std::make_shared<outcome>();
    asio::cancellation_signal cancel;
    asio::co_spawn(ctx_, ask(std::string(message)),
                   asio::bind_cancellation_slot(cancel.slot(), [result](std::exception_ptr e, std::string answer) {
                       result->done = true;
                       result->error = e;
                       result->answer = std::move(answer);
                   }));
    ctx_.restart();
    ctx_.run_for(timeout_);
    if (!result->done) {
        // Cancelled (a connect too): the exchange unwinds. It must be over before this returns,
        // since it refers to this client's connection and to `cancel` (a name resolution
        // ignores cancellation: that one is waited for).
        cancel.emit(asio::cancellation_type::terminal);
        ctx_.restart();
        while (!result->done && ctx_.run_one() > 0) {
        }
        connection_.reset();
        throw std::runtime_error(fmt::format("no answer from {}:{} within {} ms", host_, port_, timeout_.count()));
    }
    if (result->error) {
        connection_.reset();
        try {
            std::rethrow_exception(result->error);
        } catch (const boost::system::system_error& e) {
            throw std::runtime_error(e.code().message());   // without Asio's source location
        }
    }
    // The server closes after an error answer: the next message needs a new connection.
    if (result->answer != message) connection_.reset();
    return std::move(result->answer);
}

task<std::string> echo_client::ask(std::string message) {
    if (!connection_) connection_ = std::make_unique<connection>(co_await coronet::tcp::connect(host_, port_));
    auto& c = *connection_;
    std::optional<std::string> answer;
    switch (mode_) {
    case echo_mode::raw: co_return co_await ask_raw(c, std::move(message));
    case echo_mode::lines:
        co_await coronet::write_line(c.stream, message);
        answer = co_await c.lines.next();
        break;
    case echo_mode::frames:
        co_await coronet::write_frame(c.stream, message);
        answer = co_await c.frames.next();
        break;
    }
    if (!answer) throw std::runtime_error("the server closed the connection without an answer");
    co_return std::move(*answer);
}

// Raw bytes have no end mark: the echo is complete once as many bytes came back as were sent.
task<std::string> echo_client::ask_raw(connection& c, std::string message) {
    co_await c.stream.write(asio::buffer(message));
    std::string answer(message.size(), '\0');
    for (std::size_t got = 0; got < answer.size();) {
        auto n = co_await c.stream.read_some(asio::buffer(answer.data() + got, answer.size() - got));
        if (n == 0)
            throw std::runtime_error(
                fmt::format("the server closed the connection after {} of {} bytes", got, answer.size()));
        got += n;
    }
    co_return answer;
}

}  // namespace coronet_echo_app
