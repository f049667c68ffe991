#pragma once
// Runs a task to its end from a thread that may wait: a client's call with a time limit.
//   asio::io_context ctx;
//   std::optional<std::string> answer = coronet::blocking_call(ctx, ask(word), 5s);
// The task runs on `ctx`, driven by this call alone. Its value, or std::nullopt when `limit`
// passed first; an exception it throws is rethrown. When the time is up the task is cancelled
// (terminal cancellation reaches whatever it awaits: a read, a connect) and the call waits for it
// to unwind, so nothing the task refers to (the caller's connection, say) is used once the call
// has returned. A name resolution ignores cancellation: it is waited for.
#include <chrono>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <coronet/task.hpp>

namespace coronet {

template <class T>
std::optional<T> blocking_call(boost::asio::io_context& ctx, task<T> work, std::chrono::steady_clock::duration limit) {
    struct outcome {
        bool done = false;
        std::exception_ptr error;
        std::optional<T> value;
    };
    outcome result;   // on this stack: the call returns only once the task has finished
    boost::asio::cancellation_signal cancel;
    boost::asio::co_spawn(ctx, std::move(work),
                          boost::asio::bind_cancellation_slot(cancel.slot(), [&result](std::exception_ptr e, T value) {
                              result.done = true;
                              result.error = e;
                              if (!e) result.value = std::move(value);
                          }));
    ctx.restart();
    ctx.run_for(limit);
    if (result.done) {
        if (result.error) std::rethrow_exception(result.error);
        return std::move(result.value);
    }
    cancel.emit(boost::asio::cancellation_type::terminal);
    ctx.restart();
    while (!result.done && ctx.run_one() > 0) {
    }
    return std::nullopt;   // whatever it ended with (most likely operation_aborted), it was too late
}

}  // namespace coronet
