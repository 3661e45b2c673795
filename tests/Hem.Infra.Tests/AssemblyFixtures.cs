using Hem.Infra.Tests;

[assembly: AssemblyFixture(typeof(InfraBuild))]
