#pragma once
// The coroutine type of coronet: every asynchronous function returns a task.
#include <boost/asio/awaitable.hpp>

namespace coronet {

template <class T = void>
using task = boost::asio::awaitable<T>;

}  // namespace coronet
