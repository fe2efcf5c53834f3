// The suite runs far from every calendar's zone, so that no test passes because of the machine's.
module.exports = () => {
  if (process.env.TZ !== 'Pacific/Kiritimati') {
    throw new Error('Run the tests with TZ=Pacific/Kiritimati (npm test sets it)');
  }
};
