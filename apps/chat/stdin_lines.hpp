#pragma once
// Standard input read line by line on a thread of its own, each line handed to an io_context:
// a terminal, a pipe and a file alike (epoll, and so Asio, cannot wait on a file).
#include <functional>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>

namespace coronet_chat_app {

class stdin_lines {
public:
    // `on_line` gets each line (without its "\n"), then `on_end` once at the end of input;
    // both run on `ctx`.
    stdin_lines(boost::asio::io_context& ctx, std::function<void(std::string)> on_line, std::function<void()> on_end);
    ~stdin_lines();     // stops reading (at once, even while a read waits) and joins the thread
    stdin_lines(const stdin_lines&) = delete;
    stdin_lines& operator=(const stdin_lines&) = delete;

private:
    void read(boost::asio::io_context& ctx, const std::function<void(std::string)>& on_line, const std::function<void()>& on_end);

    int wake_[2] = {-1, -1};     // a pipe: a byte written to it ends the thread's wait
    std::thread thread_;
};

}  // namespace coronet_chat_app
