#!/usr/bin/env ruby
# frozen_string_literal: true

# Interop check of aws-sso-migrate with the AWS SDK for Ruby v3 (aws-sdk-core's SharedConfig and
# IniParser, Debian's ruby-aws-sdk-core). For each config file: run the tool (`--format
# config`), read the original and the result with the SDK's own `Aws::SharedConfig`, and check
# that the migration kept the meaning:
#   - the same profiles, each with the same keys and values apart from the SSO ones it moves;
#   - each profile's portal, SSO region, account, role and scopes as the SDK's
#     `sso_credentials_from_config` takes them (its own session lookup and its own checks of an
#     inline value against the session's), where the SDK's `SSOCredentials` records what it is
#     given instead of calling the SSO portal;
#   - every sso-session the SDK read before still there, with the same keys and values.
# A file the tool refuses (exit 2) is counted, not judged (the botocore check judges refusals).
#
#   ruby check.rb --bin PATH [-v] [FILE...]  check FILEs (default: the botocore check's inputs)
#   ruby check.rb --selftest                 prove the comparison catches wrong migrations

require 'aws-sdk-core'
require 'fileutils'
require 'json'
require 'open3'
require 'tmpdir'

REPO = File.expand_path('../..', __dir__)
SHARED = File.expand_path('../shared', REPO)
SSO_KEYS = %w[sso_start_url sso_region sso_session sso_registration_scopes].freeze

# `SSOCredentials.new` asks the SSO portal for credentials at once. Here it returns the
# arguments the SDK resolved for it, which is what the check compares.
class << Aws::SSOCredentials
  def new(**args)
    args
  end
end

# Where a profile's SSO credentials come from, as the SDK resolves them: nil where it builds no
# SSO provider, `{"error" => ...}` where it refuses the profile.
def sso_target(shared, parsed, name)
  args = shared.sso_credentials_from_config(profile: name)
  return nil if args.nil?

  session = args[:sso_session] && parsed["sso-session #{args[:sso_session]}"]
  # With a session, the token is the session's login: its portal is the session's start URL.
  {
    'start_url' => session ? session['sso_start_url'] : args[:sso_start_url],
    'region' => args[:sso_region],
    'account' => args[:sso_account_id],
    'role' => args[:sso_role_name],
    'scopes' => (session || parsed[name])['sso_registration_scopes']
  }
rescue ArgumentError => e
  { 'error' => e.message }
end

# What the SDK reads in `text`: profiles (keys and SSO target) and sso-sessions. Every read gets
# a file of its own.
def read_as_sdk(text, dir)
  file = File.join(Dir.mktmpdir('read-', dir), 'config')
  File.binwrite(file, text)
  shared = Aws::SharedConfig.new(
    config_path: file,
    credentials_path: File.join(dir, 'no-credentials'),
    config_enabled: true
  )
  parsed = shared.instance_variable_get(:@parsed_config) || {}
  profiles = {}
  sessions = {}
  parsed.each do |name, keys|
    if name.start_with?('sso-session ')
      sessions[name.delete_prefix('sso-session ')] = keys
    elsif !name.start_with?('services ')
      profiles[name] = { keys: keys, sso: sso_target(shared, parsed, name) }
    end
  end
  { profiles: profiles, sessions: sessions }
end

TRAILING_VARIANTS = ['/#/', '/#', '#/', '/', '#'].freeze

# The same key as `portal_key` in src/aws/url.rs: two start URLs with the same key are one portal
# (scheme and host case, default port :443, one trailing `/`, `#`, `/#`, `#/` or `/#/`). The tool
# writes the spelling most of a portal's profiles use.
def portal_key(raw)
  sep = raw.index('://')
  return raw if sep.nil?

  lower = ->(s) { s.tr('A-Z', 'a-z') }
  scheme = lower.call(raw[0...sep])
  rest = raw[(sep + 3)..]
  auth_end = ['/', '?', '#'].filter_map { |c| rest.index(c) }.min || rest.length
  authority = rest[0...auth_end]
  tail = rest[auth_end..]
  at = authority.rindex('@')
  userinfo = at ? authority[0..at] : ''
  hostport = lower.call(at ? authority[(at + 1)..] : authority)
  if scheme == 'https'
    port = [':443', ':'].find { |p| hostport.end_with?(p) && !hostport.end_with?(']') }
    hostport = hostport.delete_suffix(port) if port
  end
  suffix = TRAILING_VARIANTS.find { |s| tail.end_with?(s) }
  tail = tail.delete_suffix(suffix) if suffix
  "#{scheme}://#{userinfo}#{hostport}#{tail}"
end

# Whether `field` of two targets means the same: a start URL may change its spelling, and scopes
# a profile had must still reach it (a new session may add the CLI's default scopes).
def same?(field, was, is)
  return true if was == is
  return !was.nil? && !is.nil? && portal_key(was) == portal_key(is) if field == 'start_url'
  return was.nil? if field == 'scopes'

  false
end

# A nested item's keys but the SSO ones; none where nothing else is left.
def without_sso(nested)
  rest = (nested || {}).reject { |k, _| SSO_KEYS.include?(k.downcase) }
  rest.empty? ? nil : rest
end

# Whether `target` (as `sso_target` returns it) has a portal and a region.
def complete?(target)
  !target.nil? && !target.key?('error') && !target['start_url'].nil? && !target['region'].nil?
end

# What differs in meaning between `before` and `after` (as `read_as_sdk` returns them); the
# number of profiles compared, and of those with SSO settings only afterwards.
def compare(before, after)
  problems = []
  counts = { compared: 0, gained: 0 }
  was_names = before[:profiles].keys.sort
  is_names = after[:profiles].keys.sort
  # A profile none of whose lines it read (`sso_start_url: ...`) may appear with the migration's
  # `sso_session` line and nothing else: it sees that profile only afterwards.
  appeared = is_names - was_names
  if (was_names - is_names).empty? &&
     appeared.all? { |n| after[:profiles][n][:keys].keys.all? { |k| !k.nil? && SSO_KEYS.include?(k) } }
    counts[:gained] += appeared.size
  else
    problems << "profiles were #{was_names.to_json}, are #{is_names.to_json}"
  end
  before[:profiles].each do |name, was|
    is = after[:profiles][name]
    next if is.nil?

    counts[:compared] += 1
    # botocore reads key names in any case; this SDK only lower-case ones, so it sees no SSO
    # settings in `SSO_Start_URL = ...`: the migration's `sso_session` line gives it some.
    (was[:keys].keys | is[:keys].keys).each do |key|
      next if !key.nil? && SSO_KEYS.include?(key.downcase)
      next if was[:keys][key] == is[:keys][key]
      # An indented key right under the header is a nested item of no key to this SDK: an SSO
      # key there (` sso_start_url = ...`) is one it does not read, and the migration may move.
      next if key.nil? && without_sso(was[:keys][key]) == without_sso(is[:keys][key])

      problems << "profile #{name.to_json}: #{key.to_json} was #{was[:keys][key].to_json}, " \
                  "is #{is[:keys][key].to_json}"
    end
    t0 = was[:sso]
    t1 = is[:sso]
    # No SSO provider before (no SSO keys it reads): the same afterwards, or SSO settings in full.
    if t0.nil?
      if t1.nil?
        next
      elsif complete?(t1)
        counts[:gained] += 1
        next
      end
      problems << "profile #{name.to_json}: no SSO settings before, #{t1.to_json} afterwards"
      next
    end
    # A portal or region it did not read before (`SSO_REGION = ...`, `sso_region: ...`) and
    # reads afterwards, in the session the profile now names: the profile was no SSO profile to it.
    if !t0.key?('error') && !complete?(t0) && complete?(t1) &&
       t0.all? { |field, value| value.nil? || same?(field, value, t1[field]) }
      counts[:gained] += 1
      next
    end
    if t1.nil? || t0.key?('error') || t1.key?('error')
      problems << "profile #{name.to_json}: SSO was #{t0.to_json}, is #{t1.to_json}" unless t0 == t1
      next
    end
    t0.each_key do |field|
      next if same?(field, t0[field], t1[field])

      problems << "profile #{name.to_json}: SSO #{field} was #{t0[field].to_json}, " \
                  "is #{t1[field].to_json}"
    end
  end
  before[:sessions].each do |name, was|
    is = after[:sessions][name]
    problems << "sso-session #{name.to_json} was #{was.to_json}, is #{is.to_json}" if was != is
  end
  [problems, counts]
end

def default_files
  list = lambda do |dir, &pick|
    raise "input folder #{dir} is missing (shared data lives next to the repo)" unless Dir.exist?(dir)

    Dir.children(dir).sort.map { |f| File.join(dir, f) }.select(&pick)
  end
  fixtures = list.call(File.join(REPO, 'fixtures')) { |d| File.exist?(File.join(d, 'config')) }
                 .map { |d| File.join(d, 'config') }
  corpus = list.call(File.join(SHARED, 'corpus', 'real-world')) { |f| f.end_with?('.config') }
  botocore = list.call(File.join(SHARED, 'conformance', 'aws-sdk', 'botocore-cfg')) { |f| File.file?(f) }
  # Each scenario's config is under a hidden `.aws` folder.
  scenario_dir = File.join(SHARED, 'conformance', 'aws-sdk', 'smithy-rs-sso-scenarios')
  scenarios = Dir.glob('**/config', File::FNM_DOTMATCH, base: scenario_dir).sort
                 .map { |f| File.join(scenario_dir, f) }
  fixtures + corpus + scenarios + botocore
end

def version_line
  "aws-sdk-core #{Aws::CORE_GEM_VERSION} (Ruby #{RUBY_VERSION})"
end

def check_files(bin, files, verbose)
  counts = { migrated: 0, refused: 0, failed: 0, profiles: 0, gained: 0 }
  Dir.mktmpdir('ruby-sdk-interop-') do |work|
    files.map { |f| File.expand_path(f) }.each do |file|
      rel = file.delete_prefix("#{REPO}/")
      home = Dir.mktmpdir('home-', work)
      env = { 'HOME' => home, 'AWS_CONFIG_FILE' => File.join(home, 'none') }
      out, err, status = Open3.capture3(env, bin, '--format', 'config', '--color', 'never', file,
                                        chdir: home, binmode: true)
      if status.exitstatus == 2
        counts[:refused] += 1
        puts "#{rel}: refused by the tool" if verbose
        next
      end
      unless status.success?
        counts[:failed] += 1
        puts "#{rel}: FAIL: the tool exited #{status.exitstatus}: #{err[-500..] || err}"
        next
      end
      problems, c = compare(read_as_sdk(File.binread(file), work), read_as_sdk(out, work))
      counts[:profiles] += c[:compared]
      counts[:gained] += c[:gained]
      if problems.empty?
        counts[:migrated] += 1
        puts "#{rel}: ok (#{c[:compared]} profiles)" if verbose
      else
        counts[:failed] += 1
        problems.each { |p| puts "#{rel}: FAIL: #{p}" }
      end
    end
  end
  puts "#{version_line}: #{files.length} files checked: #{counts[:migrated]} read alike before " \
       "and after (#{counts[:profiles]} profiles compared, #{counts[:gained]} with SSO settings " \
       "the SDK sees only afterwards), #{counts[:refused]} refused by the tool, " \
       "#{counts[:failed]} failed"
  counts[:failed].zero?
end

# Wrong migrations the comparison must catch: (name, original, wrong result).
LEGACY = <<~INI
  [profile prod]
  sso_start_url = https://corp.awsapps.com/start
  sso_region = eu-west-1
  sso_account_id = 111111111111
  sso_role_name = ReadOnly
  region = us-east-1
INI
RIGHT = <<~INI
  [sso-session corp]
  sso_start_url = https://corp.awsapps.com/start
  sso_region = eu-west-1

  [profile prod]
  sso_session = corp
  sso_account_id = 111111111111
  sso_role_name = ReadOnly
  region = us-east-1
INI
KEEP = "[sso-session keep]\nsso_start_url = https://keep.awsapps.com/start\nsso_region = us-east-1\n"
SELFTEST = [
  ['a profile points at a session that is not there', LEGACY, RIGHT.sub('sso-session corp]', 'sso-session other]')],
  ['the session has another region', LEGACY, RIGHT.sub('sso_region = eu-west-1', 'sso_region = us-east-1')],
  ['a key outside SSO changed', LEGACY, RIGHT.sub('region = us-east-1', 'region = us-west-2')],
  ['the role changed', LEGACY, RIGHT.sub('ReadOnly', 'Admin')],
  ['a profile was lost', LEGACY, RIGHT.sub('[profile prod]', '[profile prod2]')],
  ['another portal', LEGACY, RIGHT.sub("corp.awsapps.com/start\n", "corp.awsapps.com/start2\n")],
  ['scopes the profile had are lost', "#{LEGACY}sso_registration_scopes = sso:account:access\n", RIGHT],
  # Ruby cuts a comment only after whitespace, and reads a header only if nothing but `#...`
  # follows it: `[sso-session corp];x` is no header, its keys go to the section above.
  ['a session header Ruby cannot read', LEGACY, RIGHT.sub('[sso-session corp]', '[sso-session corp];note')],
  ['an existing session changed', LEGACY + KEEP, RIGHT + KEEP.sub('us-east-1', 'us-east-2')],
  # Key lines botocore reads in any case and Ruby only in lower case.
  ['a session whose region the SDK does not read is reused',
   "#{LEGACY}\n#{RIGHT.split("\n\n").first.sub('sso_region', 'SSO_REGION')}\n",
   RIGHT.sub('sso_region', 'SSO_REGION')],
  ['inline keys go where the SDK does not read sso_session',
   RIGHT.sub('sso_session = corp', "SSO_SESSION = corp\nsso_start_url = https://corp.awsapps.com/start"),
   RIGHT.sub('sso_session = corp', 'SSO_SESSION = corp')],
  ['a region the SDK read changed where it did not read the portal',
   LEGACY.sub('sso_start_url', 'SSO_START_URL'),
   RIGHT.sub('sso_region = eu-west-1', 'sso_region = us-east-1')]
].freeze

def selftest
  ok = true
  Dir.mktmpdir('ruby-sdk-selftest-') do |work|
    problems, counts = compare(read_as_sdk(LEGACY, work), read_as_sdk(RIGHT, work))
    unless problems.empty? && counts[:compared] == 1
      ok = false
      puts "selftest: FAIL: the right migration was not accepted: #{problems}"
    end
    SELFTEST.each do |name, original, wrong|
      problems, = compare(read_as_sdk(original, work), read_as_sdk(wrong, work))
      next unless problems.empty?

      ok = false
      puts "selftest: FAIL: not caught: #{name}"
    end
  end
  puts "selftest: #{SELFTEST.length} wrong migrations #{ok ? 'all caught' : 'NOT all caught'}, " \
       'the right one accepted'
  ok
end

def main(args)
  return selftest if args.first == '--selftest'

  verbose = args.include?('-v')
  rest = args.reject { |a| a == '-v' }
  if rest.first != '--bin' || rest.length < 2
    warn 'usage: check.rb --bin PATH [-v] [FILE...] | check.rb --selftest'
    exit 2
  end
  files = rest.length > 2 ? rest[2..] : default_files
  check_files(File.expand_path(rest[1]), files, verbose)
end

exit(main(ARGV) ? 0 : 1)
