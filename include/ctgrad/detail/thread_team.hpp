// ctgrad/detail/thread_team.hpp - the threads of a workspace: created once with it, each with
// scratch space of its own for GEMM panels, so that a step allocates nothing. A kernel splits
// its work into one part per thread (a fixed split: the same thread count gives the same
// result, bit for bit). The team a sweep may use is the calling thread's `active_team`, set
// for the duration of a workspace's value_and_grad, as OpenMP keeps its thread count per
// thread; kernels run without one (one part) in every other call.
#pragma once
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <type_traits>
#include <vector>

namespace ctgrad::detail {

class thread_team {
public:
    /// `threads` threads in all (the caller's one among them); each worker with `scratch_bytes`
    /// of scratch (the caller's part uses the kernel's own).
    thread_team(std::size_t threads, std::size_t scratch_bytes) : scratch_bytes_(scratch_bytes + 64) {
        const std::size_t n = std::max<std::size_t>(threads, 1);
        scratch_.reserve(n - 1);
        for (std::size_t k = 1; k < n; ++k) scratch_.push_back(std::make_unique<std::byte[]>(scratch_bytes_));
        workers_.reserve(n - 1);
        for (std::size_t part = 1; part < n; ++part) workers_.emplace_back([this, part] { work(part); });
    }
    thread_team(const thread_team&) = delete;
    thread_team& operator=(const thread_team&) = delete;
    ~thread_team() {
        stop_.store(true, std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
        for (auto& w : workers_) w.join();
    }

    std::size_t size() const noexcept { return workers_.size() + 1; }

    /// Worker part `part`'s scratch (part >= 1), scratch_bytes() long.
    template <class T>
    T* scratch(std::size_t part) const noexcept {
        return reinterpret_cast<T*>(scratch_[part - 1].get());
    }
    std::size_t scratch_bytes() const noexcept { return scratch_bytes_ - 64; }
    /// Bytes of scratch the workers hold in all.
    std::size_t scratch_allocated() const noexcept { return scratch_.size() * scratch_bytes_; }

    /// task(part) for every part in [0, size()): part 0 on the calling thread, the others on
    /// the workers; returns when all are done. Not reentrant (kernels never nest).
    template <class Task>
    void run(Task& task) {
        job_ = [](void* t, std::size_t part) { (*static_cast<Task*>(t))(part); };
        context_ = &task;
        remaining_.store(workers_.size(), std::memory_order_relaxed);
        generation_.fetch_add(1, std::memory_order_release);
        generation_.notify_all();
        task(std::size_t(0));
        spin_until([this] { return remaining_.load(std::memory_order_acquire) == 0; });
        for (std::size_t left; (left = remaining_.load(std::memory_order_acquire)) != 0;)
            remaining_.wait(left, std::memory_order_acquire);
    }

private:
    // a step's kernels follow each other within microseconds: a worker spins that long
    // before it sleeps, so that the next kernel does not pay for waking it (a futex wake-up
    // costs tens of microseconds); a deadline, not a count, as a pause takes 5-150 cycles
    // depending on the CPU
    static constexpr std::chrono::microseconds spin_time{30};
    static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
    /// Spins until done() or spin_time has passed; done()'s last answer.
    template <class Done>
    static bool spin_until(Done done) {
        const auto deadline = std::chrono::steady_clock::now() + spin_time;
        for (;;) {
            for (int k = 0; k < 32; ++k) {
                if (done()) return true;
                pause();
            }
            if (std::chrono::steady_clock::now() >= deadline) return done();
        }
    }

    void work(std::size_t part) {
        std::uint64_t seen = 0;
        for (;;) {
            std::uint64_t now = generation_.load(std::memory_order_acquire);
            spin_until([&] { return (now = generation_.load(std::memory_order_acquire)) != seen; });
            while (now == seen) generation_.wait(seen, std::memory_order_acquire), now = generation_.load(std::memory_order_acquire);
            seen = now;
            if (stop_.load(std::memory_order_relaxed)) return;
            job_(context_, part);
            if (remaining_.fetch_sub(1, std::memory_order_acq_rel) == 1) remaining_.notify_one();
        }
    }

    std::size_t scratch_bytes_;
    std::vector<std::unique_ptr<std::byte[]>> scratch_;
    void (*job_)(void*, std::size_t) = nullptr;
    void* context_ = nullptr;
    std::atomic<std::uint64_t> generation_{0};
    std::atomic<std::size_t> remaining_{0};
    std::atomic<bool> stop_{false};
    std::vector<std::thread> workers_;  // last: they start once everything above exists
};

/// The team the calling thread's sweep may split kernels over (none: one part).
inline thread_local thread_team* active_team = nullptr;

/// Sets the calling thread's team for a scope.
class team_scope {
public:
    explicit team_scope(thread_team* team) noexcept : previous_(active_team) { active_team = team; }
    team_scope(const team_scope&) = delete;
    team_scope& operator=(const team_scope&) = delete;
    ~team_scope() { active_team = previous_; }

private:
    thread_team* previous_;
};

/// part's share [begin, end) of n items split into `parts` contiguous runs, each a multiple
/// of `grain` items but the last.
struct part_range {
    std::size_t begin, end;
};
constexpr part_range split_part(std::size_t n, std::size_t parts, std::size_t part, std::size_t grain = 1) {
    const std::size_t units = (n + grain - 1) / grain;
    const std::size_t begin = units * part / parts * grain, end = units * (part + 1) / parts * grain;
    return {std::min(begin, n), std::min(end, n)};
}

/// f(begin, end) over [0, n): split over the active team when n is at least `min_items` per
/// thread, else in one call; each part a multiple of `grain` items (16: whole vectors and cache
/// lines of elements). Parts are fixed by the team size, never by timing. An f that takes a
/// third argument is also told its part (0: the calling thread), to pick that thread's scratch.
template <class F>
void for_each_part(std::size_t n, std::size_t min_items, F&& f, std::size_t grain = 16) {
    auto call = [&f](std::size_t begin, std::size_t end, std::size_t part) {
        if constexpr (std::is_invocable_v<F&, std::size_t, std::size_t, std::size_t>) f(begin, end, part);
        else f(begin, end);
    };
    thread_team* team = active_team;
    if (team == nullptr || team->size() < 2 || n < min_items * team->size()) {
        call(std::size_t(0), n, std::size_t(0));
        return;
    }
    const std::size_t parts = team->size();
    auto task = [&](std::size_t part) {
        const part_range r = split_part(n, parts, part, grain);
        if (r.begin < r.end) call(r.begin, r.end, part);
    };
    team->run(task);
}
}  // namespace ctgrad::detail
