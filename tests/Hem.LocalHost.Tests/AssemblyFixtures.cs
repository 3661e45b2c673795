using Hem.Testing;

[assembly: AssemblyFixture(typeof(AzuriteFixture))]
