"""benchmarks/trace.py's arithmetic on small hand-made traces (the browser run itself is a
benchmark, not a test)."""

from benchmarks.trace import analyse, busy_ms, summed_ms


def x(name, ts, dur, tid=1, pid=7, **args):
    return {"ph": "X", "name": name, "ts": ts, "dur": dur, "pid": pid, "tid": tid, "args": args}


def meta(kind, name, tid=1, pid=7):
    return {"ph": "M", "name": kind, "pid": pid, "tid": tid, "args": {"name": name}}


def test_nested_and_overlapping_events_count_once():
    """A task and the calls inside it are one stretch of thread time, not two."""
    events = [x("RunTask", 0, 10_000), x("FunctionCall", 2_000, 3_000), x("RunTask", 8_000, 4_000)]
    assert busy_ms(events, 0, 100_000) == {(7, 1): 12.0}


def test_events_are_clipped_to_the_window():
    """Only the part of a task inside navigation-to-first-result counts."""
    events = [x("RunTask", 0, 10_000), x("RunTask", 20_000, 10_000)]
    assert busy_ms(events, 5_000, 25_000) == {(7, 1): 10.0}


def test_summed_events_are_those_of_the_thread_that_start_in_the_window():
    events = [
        x("wasm.CompileLazy", 1_000, 500),
        x("wasm.CompileLazy", 2_000, 500),
        x("wasm.CompileLazy", 2_000, 500, tid=2),
        x("wasm.CompileLazy", 90_000, 500),
    ]
    assert summed_ms(events, (7, 1), ["wasm.CompileLazy"], 0, 50_000) == {"wasm.CompileLazy": 1.0}


def test_shares_group_threads_and_find_the_calculator_worker_by_its_inflating():
    """The worker that inflates the snapshot is the calculator's; the other dedicated worker
    is reported apart; shares add up to one."""
    navigation = 1_000_000
    doc = {"data": {"resourceType": "Document"}}
    events = [
        meta("process_name", "Renderer"),
        meta("thread_name", "CrRendererMain", tid=1),
        meta("thread_name", "DedicatedWorker thread", tid=2),
        meta("thread_name", "DedicatedWorker thread", tid=3),
        {
            "ph": "X",
            "name": "ResourceSendRequest",
            "ts": navigation,
            "dur": 0,
            "pid": 7,
            "tid": 1,
            "args": doc,
        },
        x("RunTask", navigation, 30_000, tid=1),
        x("RunTask", navigation + 10_000, 60_000, tid=2),
        x("DecompressionStream Inflate", navigation + 20_000, 20_000, tid=2),
        x("RunTask", navigation, 10_000, tid=3),
    ]
    out = analyse(events, first_result_ms=100)
    assert out["group_ms"] == {
        "page main thread": 30.0,
        "calculator worker": 60.0,
        "other workers (Material's search)": 10.0,
    }
    assert abs(sum(out["shares"].values()) - 1) < 1e-9
    assert out["worker_costs_ms"]["inflating the snapshot (DecompressionStream)"] == 20.0
