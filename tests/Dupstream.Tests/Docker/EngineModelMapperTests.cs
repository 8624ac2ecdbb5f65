using Docker.DotNet.Models;
using Dupstream.Docker;

namespace Dupstream.Tests.Docker;

public class EngineModelMapperTests
{
    [Fact]
    public void Missing_parts_of_a_model_become_empty_values_not_crashes()
    {
        Assert.Equal(new EngineNode("", "", "", "", "", null), EngineModelMapper.ToNode(new NodeListResponse()));
        var service = EngineModelMapper.ToService(new SwarmService());
        Assert.Empty(service.Ports);
        Assert.Empty(service.Labels);
        Assert.Equal(new EngineTask("", "", "", "", ""), EngineModelMapper.ToTask(new TaskResponse()));
        Assert.Equal(new EngineEvent("", "", "", 0), EngineModelMapper.ToEvent(new Message()));
    }

    [Theory]
    [InlineData(TaskState.Running, "running")]
    [InlineData(TaskState.Shutdown, "shutdown")]
    [InlineData(TaskState.Pending, "pending")]
    [InlineData(TaskState.Orphaned, "orphaned")]
    public void Task_states_use_the_engines_words(TaskState state, string word)
    {
        Assert.Equal(word, EngineModelMapper.StateName(state));
    }

    [Fact]
    public void An_event_without_nanoseconds_falls_back_to_seconds()
    {
        Assert.Equal(1_700_000_000_000_000_000, EngineModelMapper.ToEvent(new Message { Time = 1_700_000_000 }).TimeNano);
    }

    [Fact]
    public void The_since_parameter_is_seconds_dot_nanoseconds()
    {
        var since = DateTimeOffset.UnixEpoch.AddSeconds(1_795_620_719).AddTicks(3_664_800);

        Assert.Equal("1795620719.366480000", EventSince.Format(since));
        Assert.Equal(since, EventSince.FromTimeNano(1_795_620_719_366_480_000));
    }
}
