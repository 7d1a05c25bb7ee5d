Console.WriteLine("lunix boot tool: not yet");
