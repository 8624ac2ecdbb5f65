namespace Dupstream.Nginx.Tests.Flavours.Nginx.Lua;

/// <summary>One Lua nginx for the tests of the control endpoint and of the balancer (each PUTs the whole text it needs).</summary>
[CollectionDefinition(Name)]
public sealed class LuaNginxGroup : ICollectionFixture<LuaNginx>
{
    public const string Name = "lua nginx";
}
